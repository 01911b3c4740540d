// Counts down the quiz's remaining time in the sticky bar (includes/quiz_timer.html).
// Without JavaScript the bar shows the minutes left when the page was loaded.
(function () {
    "use strict";
    var timer = document.querySelector(".quiz-timer[data-seconds-left]");
    if (!timer) { return; }
    var clock = timer.querySelector(".quiz-timer__clock");
    var end = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
    var zero = timer.getAttribute("data-zero") || "0";
    var offset = zero.charCodeAt(0) - 48;  // Lao digits when the page shows them.

    function digits(text) {
        if (!offset) { return text; }
        return text.replace(/[0-9]/g, function (d) {
            return String.fromCharCode(d.charCodeAt(0) + offset);
        });
    }

    function tick() {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        var minutes = Math.floor(left / 60);
        var seconds = left % 60;
        clock.textContent = digits(minutes + ":" + (seconds < 10 ? "0" : "") + seconds);
        timer.classList.toggle("quiz-timer--low", left <= 300);
        if (left > 0) { window.setTimeout(tick, 1000); }
    }
    tick();
})();
