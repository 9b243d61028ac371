/* No offline reading in this theme: nothing registers this worker ({{ version }}). */
