// The customer signs on the engineer's screen: a pad drawn with finger, pen or mouse; on submit the drawing becomes
// the PNG image (a data URL) the field API stores with the service form. Nothing drawn sends nothing, and the API
// says the signature is missing.
(function () {
  'use strict';
  document.querySelectorAll('canvas[data-signature-for]').forEach(function (canvas) {
    var input = document.getElementById(canvas.dataset.signatureFor);
    var context = canvas.getContext('2d');
    var drawing = false;
    var drawn = false;

    function blank() {
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.strokeStyle = '#111';
      context.lineWidth = 2.5;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      drawn = false;
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: (event.clientX - box.left) * canvas.width / box.width, y: (event.clientY - box.top) * canvas.height / box.height };
    }

    canvas.addEventListener('pointerdown', function (event) {
      drawing = true;
      if (canvas.setPointerCapture && event.isTrusted) {
        canvas.setPointerCapture(event.pointerId);
      }
      var p = point(event);
      context.beginPath();
      context.moveTo(p.x, p.y);
      event.preventDefault();
    });
    canvas.addEventListener('pointermove', function (event) {
      if (!drawing) {
        return;
      }
      var p = point(event);
      context.lineTo(p.x, p.y);
      context.stroke();
      drawn = true;
    });
    ['pointerup', 'pointercancel'].forEach(function (type) {
      canvas.addEventListener(type, function () { drawing = false; });
    });

    var clear = document.querySelector('[data-signature-clear="' + canvas.id + '"]');
    if (clear) {
      clear.addEventListener('click', blank);
    }
    // the form's own listener runs before the queue's, which listens on the document
    canvas.closest('form').addEventListener('submit', function () {
      input.value = drawn ? canvas.toDataURL('image/png') : '';
    });
    blank();
  });
})();
