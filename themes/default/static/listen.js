/* 语音播放 (article pages, partials/listen.html): reads the headline, then the body, aloud
   with a Chinese voice of the browser's speech synthesis. The control stays hidden, out of
   the accessibility tree, until the browser lists a Chinese voice (the list often arrives
   after the page loads: voiceschanged). Its button says what it does next (朗读全文 /
   暂停朗读 / 继续朗读); 停止 shows while reading. The text goes in paragraph-sized
   utterances, a long paragraph cut at sentence ends (Chrome stops an utterance that runs
   long). Leaving the page stops the reading. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || !window.SpeechSynthesisUtterance) return;
  var LONGEST = 80;  // characters an utterance, unless one sentence is longer
  var CHINESE = /^(zh|cmn|yue)([-_]|$)/i;
  var LABELS = {idle: "朗读全文", playing: "暂停朗读", paused: "继续朗读"};

  function chineseVoice() {
    var voices = synth.getVoices() || [], found = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = String(voices[i].lang || "").replace("_", "-");
      if (/^zh-CN$/i.test(lang)) return voices[i];
      if (!found && CHINESE.test(lang)) found = voices[i];
    }
    return found;
  }

  // A paragraph's text in pieces of at most LONGEST characters, cut after 。！？!? and
  // the closing quotes that follow; the pieces join back into the paragraph.
  function pieces(text) {
    text = text.replace(/\s+/g, " ").trim();
    if (text.length <= LONGEST) return text ? [text] : [];
    var out = [], current = "";
    text.replace(/([。！？!?][”’」』）)]*)/g, "$1\n").split("\n").forEach(function (sentence) {
      if (current && current.length + sentence.length > LONGEST) { out.push(current); current = ""; }
      current += sentence;
    });
    if (current) out.push(current);
    return out;
  }

  function texts(story) {
    var out = [], headline = story.querySelector(".headline");
    if (headline) out = pieces(headline.textContent);
    story.querySelectorAll(".story-body h2, .story-body h3, .story-body h4, .story-body p, .story-body li").forEach(function (block) {
      if (block.tagName !== "LI" || !block.querySelector("p")) out = out.concat(pieces(block.textContent));
    });
    return out;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var control = document.querySelector("[data-listen]");
    var story = document.querySelector(".story");
    if (!control || !story) return;
    var play = control.querySelector("[data-listen-play]");
    var stop = control.querySelector("[data-listen-stop]");
    var voice = null, state = "idle", queue = [], next = 0, run = 0;
    var speaking = null;  // kept: Chrome may drop an utterance nobody holds before its end

    function show(newState) {
      state = newState;
      play.textContent = LABELS[state];
      stop.hidden = state === "idle";
    }
    function speakNext(mine) {
      if (mine !== run) return;  // an utterance of a reading since stopped
      if (next >= queue.length) { show("idle"); return; }
      speaking = new window.SpeechSynthesisUtterance(queue[next++]);
      speaking.voice = voice;
      speaking.lang = String(voice.lang).replace("_", "-");
      speaking.onend = function () { speakNext(mine); };
      speaking.onerror = function () { if (mine === run) { run++; show("idle"); } };
      synth.speak(speaking);
    }
    function cancel() {
      run++;
      speaking = null;
      if (state !== "idle") synth.cancel();
      show("idle");
    }
    function reveal() {
      voice = voice || chineseVoice();
      if (voice) control.hidden = false;
    }

    play.addEventListener("click", function () {
      if (state === "idle") {
        synth.cancel();  // anything another page left queued
        queue = texts(story);
        next = 0;
        show("playing");
        speakNext(++run);
      } else if (state === "playing") {
        synth.pause();
        show("paused");
      } else {
        synth.resume();
        show("playing");
      }
    });
    stop.addEventListener("click", cancel);
    window.addEventListener("pagehide", cancel);
    reveal();
    if (!voice && synth.addEventListener) synth.addEventListener("voiceschanged", reveal);
  });
})();
