// Signature pads: a <canvas data-signature-pad="FIELD_ID"> draws with mouse, pen or finger and
// keeps the drawing as a PNG data URL in the hidden input FIELD_ID; a button with
// data-signature-clear="FIELD_ID" wipes it. The server checks the PNG (gorilla/signatures.py).
function setUpSignaturePad(canvas) {
  const input = document.getElementById(canvas.dataset.signaturePad);
  const context = canvas.getContext("2d");
  let drawing = false;
  let drawn = false;

  function fitToBox() {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    context.scale(ratio, ratio);
    context.lineWidth = 2;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#1a1a2e";
    drawn = false;
    input.value = "";
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    context.beginPath();
    context.moveTo(...point(event));
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    context.lineTo(...point(event));
    context.stroke();
    drawn = true;
  });
  const finish = () => {
    if (!drawing) return;
    drawing = false;
    if (drawn) input.value = canvas.toDataURL("image/png");
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  const clear = document.querySelector(`[data-signature-clear="${input.id}"]`);
  if (clear) {
    clear.addEventListener("click", () => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      input.value = "";
    });
  }
  fitToBox();
}

document.querySelectorAll("canvas[data-signature-pad]").forEach(setUpSignaturePad);
