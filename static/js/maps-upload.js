// Boundary upload with a progress bar. Without JavaScript the form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("boundary-upload");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var feedback = form.querySelector(".upload-feedback");
  var bar = form.querySelector(".upload-progress");
  var status = form.querySelector(".upload-status");
  var button = form.querySelector("button[type=submit]");

  function say(text) { status.textContent = text; }

  form.addEventListener("submit", function (event) {
    var file = form.querySelector("input[type=file]");
    if (!file || !file.files || !file.files.length) { return; }  // let the server explain
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      say(status.dataset.uploading + " " + percent + "%");
    });
    xhr.upload.addEventListener("load", function () { bar.value = 100; say(status.dataset.checking); });
    xhr.addEventListener("load", function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (ignored) { data = null; }
      if (xhr.status === 200 && data && data.redirect) { window.location.assign(data.redirect); return; }
      button.disabled = false;
      say(data && data.errors ? data.errors.join(" ") : status.dataset.failed);
    });
    xhr.addEventListener("error", function () { button.disabled = false; say(status.dataset.failed); });
    feedback.hidden = false;
    button.disabled = true;  // no double submit while the file travels
    bar.value = 0;
    say(status.dataset.uploading + " 0%");
    xhr.send(new FormData(form));
  });
}());
