"""axe-core audit of the built site in Debian's headless Chromium.

In: a built site folder (default: builds the sample edition into a temporary folder).
Out: a table of WCAG 2.2 AA violations (rule id, impact, nodes) per page, viewport
(375x812 phone, 1280x800 desktop) and colour scheme (light, dark); exit 1 if any.

    python benchmarks/a11y_audit.py [--site public] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from a11y import PAGES, SCHEMES, VIEWPORTS, audit_site, build_sample  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the sample)")
    parser.add_argument("--json", type=Path, help="write every violation here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = build_sample(Path(tmp) / "site")
        results = audit_site(site)
    total = 0
    print(f"{'page':<14} {'viewport':<9} {'scheme':<6} violations")
    for (page, viewport, scheme), violations in results.items():
        total += len(violations)
        listed = ", ".join(f"{v['id']}({len(v['nodes'])})" for v in violations) or "none"
        print(f"{page:<14} {viewport:<9} {scheme:<6} {listed}")
    if args.json:
        args.json.write_text(json.dumps({"|".join(k): v for k, v in results.items()},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{total} violations over {len(PAGES)} pages x {len(VIEWPORTS)} viewports x {len(SCHEMES)} schemes")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
