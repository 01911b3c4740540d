// The status page of a file being prepared, without reloading: asks the job's state every
// second and shows the progress; once the file is ready (or has failed) the page is
// reloaded, as the server renders it. Without JavaScript the page reloads itself instead
// (a <noscript> meta refresh).
(function () {
    "use strict";
    var root = document.querySelector("[data-job-status]");
    if (!root) {
        return;
    }
    var url = root.getAttribute("data-job-url");
    var state = root.querySelector("[data-job-state]");
    var bar = root.querySelector("[data-job-bar]");
    var count = root.querySelector("[data-job-count]");

    function poll() {
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.json();
            })
            .then(function (job) {
                if (job.status === "ready" || job.status === "failed") {
                    window.location.reload();
                    return;
                }
                state.textContent = job.status_label;
                root.setAttribute("data-job-status-value", job.status);
                if (bar) {
                    bar.value = job.percent;
                }
                if (count) {
                    count.textContent = job.count_text;
                }
                window.setTimeout(poll, 1000);
            })
            .catch(function () {
                window.setTimeout(poll, 3000);
            });
    }
    window.setTimeout(poll, 1000);
})();
