// Progressive enhancement: save each change on the server as the learner goes. A file of
// its own, not an inline script, so that the Content-Security-Policy can refuse inline
// scripts; the messages come translated in the status element's data attributes.
(function () {
    var form = document.getElementById("quiz-form");
    var status = document.getElementById("quiz-status");
    if (!form || !status || !window.fetch) { return; }
    var messages = {204: status.dataset.saved, 409: status.dataset.timeUp, 410: status.dataset.alreadySubmitted};
    form.addEventListener("change", function () {
        var data = new FormData(form);
        data.set("action", "save");
        // The buttons are named "action", which shadows form.action.
        fetch(window.location.href, {
            method: "POST", body: data, credentials: "same-origin",
            headers: {"X-Autosave": "1"}
        }).then(function (response) {
            status.textContent = messages[response.status] || status.dataset.notSaved;
        }).catch(function () {
            status.textContent = status.dataset.notSaved;
        });
    });
})();
