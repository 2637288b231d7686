/* Check-in at the door: scan a ticket's QR code with the phone's camera.
 *
 * Only where the browser has a BarcodeDetector that reads QR codes and a camera: the scan
 * button stays hidden otherwise, and the code can be typed, or the person found by name.
 * A code read fills the token field and submits the same form a typed code would.
 */
(function () {
  "use strict";

  async function qrSupported() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices
        || !navigator.mediaDevices.getUserMedia) {
      return false;
    }
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.indexOf("qr_code") !== -1;
    } catch (error) {
      return false;
    }
  }

  function setUp(form) {
    const start = form.querySelector("[data-scan-start]");
    const video = form.querySelector("[data-scan-video]");
    const token = form.querySelector("[data-scan-token]");
    const status = form.querySelector("[data-scan-status]");
    let stream = null;
    let submitted = false;

    function stop() {
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
        stream = null;
      }
      video.hidden = true;
    }

    async function scan(detector) {
      if (!stream || submitted) {
        return;
      }
      try {
        const codes = await detector.detect(video);
        if (codes.length && codes[0].rawValue) {
          submitted = true;
          token.value = codes[0].rawValue;
          stop();
          status.textContent = form.dataset.readLabel || "";
          form.requestSubmit();
          return;
        }
      } catch (error) {
        /* a frame that is not ready yet: try the next one */
      }
      window.setTimeout(() => scan(detector), 250);
    }

    start.addEventListener("click", async () => {
      if (stream) {
        stop();
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia(
          {video: {facingMode: "environment"}, audio: false});
      } catch (error) {
        status.textContent = form.dataset.noCameraLabel || "";
        return;
      }
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      scan(new window.BarcodeDetector({formats: ["qr_code"]}));
    });
    window.addEventListener("pagehide", stop);
    start.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", async () => {
    const form = document.querySelector("[data-scan-form]");
    if (form && await qrSupported()) {
      setUp(form);
    }
  });
})();
