// The engineer's phone works through a dropped connection. Every step's form is put in a queue kept on the device
// (localStorage) with a fresh Idempotency-Key, and the queue is sent in order, now or when the network returns: a
// step that reached the API before the answer was lost is answered again, not applied twice. The screen says what is
// waiting; a step the API refuses (a 412 conflict, a missing step) is kept with what was typed and its problem.
(function () {
  'use strict';
  var QUEUE = 'yunwei.field.queue';
  var REFUSED = 'yunwei.field.refused';
  var panel = document.getElementById('queue');
  var user = document.body.dataset.user || '';
  var sending = false;

  function load(name) {
    try {
      return JSON.parse(localStorage.getItem(name)) || [];
    } catch (e) {
      return [];
    }
  }

  function store(name, items) {
    localStorage.setItem(name, JSON.stringify(items));
  }

  function mine(items) {
    return items.filter(function (item) { return item.user === user; });
  }

  function say(template, value) {
    return (template || '').replace('{0}', value);
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    return Date.now().toString(16) + '-' + Math.random().toString(16).slice(2);
  }

  // a photo from the camera is made smaller before it waits on the device and goes over a poor connection
  function shrink(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL('image/jpeg', 0.8);
    });
  }

  // what a queued step counts as done for the steps after it, until the page shows the API's own state
  function marks(step, fields) {
    var result = [step];
    if (step === 'consents') {
      var type = fields.filter(function (f) { return f[0] === 'type'; })[0];
      var answer = fields.filter(function (f) { return f[0] === 'answer'; })[0];
      if (type && answer && answer[1] === 'GRANTED') {
        result.push('consent-' + type[1]);
      }
    }
    return result;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('form[data-queue]')) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form, event.submitter);
    var fields = [];
    var photos = [];
    data.forEach(function (value, name) {
      if (name === '_csrf' || name === 'idempotencyKey') {
        return;
      }
      if (typeof value === 'string') {
        fields.push([name, value]);
      } else if (value.size > 0) {
        // sent as a data URL in the form, like the signature: the console passes it on to the API as a file
        photos.push(shrink(value).then(function (url) { fields.push(['photo', url]); }));
      }
    });
    Promise.all(photos).then(function () {
      var step = form.dataset.queue;
      var item = { key: newKey(), user: user, url: new URL(form.action, location.href).pathname, step: step,
        label: form.dataset.label, form: form.id, page: location.pathname, marks: marks(step, fields), fields: fields,
        at: new Date().toISOString() };
      var queue = load(QUEUE);
      queue.push(item);
      try {
        store(QUEUE, queue);
      } catch (full) {
        // the phone's storage is full: the step is not queued, and the form keeps what was typed
        show('full');
        return;
      }
      clearNotes(form);
      render();
      send();
    });
  });

  function body(item) {
    var result = new URLSearchParams();
    item.fields.forEach(function (f) { result.append(f[0], f[1]); });
    result.append('idempotencyKey', item.key);
    return result;
  }

  // sends the queue in order; stops at the first step that cannot be sent now and keeps it and those after it
  function send() {
    if (sending) {
      return;
    }
    var item = mine(load(QUEUE))[0];
    if (!item) {
      return;
    }
    var token = document.querySelector('meta[name=csrf-token]');
    var headers = { 'Accept': 'application/json' };
    if (token) {
      headers[token.dataset.header] = token.content;
    }
    sending = true;
    show('sending');
    fetch(item.url, { method: 'POST', body: body(item), headers: headers, credentials: 'same-origin', redirect: 'manual' })
      .then(function (response) {
        var json = (response.headers.get('Content-Type') || '').indexOf('application/json') === 0;
        if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403 || !json) {
          // the session has ended (or its CSRF token with it): the steps wait until the engineer signs in again
          return 'signin';
        }
        return response.json().then(function (outcome) {
          if (!outcome.applied && (outcome.status >= 500 || outcome.status === 429 || outcome.status === 408)) {
            return 'retry';
          }
          done(item, outcome);
          return 'next';
        });
      }, function () { return 'offline'; })
      .then(function (next) {
        sending = false;
        // decided before the refused steps are shown again in their forms, which makes them no longer fresh
        var refusedHere = mine(load(REFUSED)).some(function (r) { return r.page === location.pathname && r.fresh; });
        render();
        if (next === 'next') {
          if (mine(load(QUEUE)).length > 0) {
            send();
          } else if (!refusedHere) {
            location.reload();
          } else {
            show('');
          }
        } else {
          show(next);
        }
      });
  }

  function done(item, outcome) {
    store(QUEUE, load(QUEUE).filter(function (other) { return other.key !== item.key; }));
    if (!outcome.applied) {
      var refused = load(REFUSED);
      item.outcome = outcome;
      item.fresh = true;
      // what was typed is kept to fill the form again; the images are too large to keep and are taken again
      item.fields = item.fields.filter(function (f) { return f[0] !== 'signature' && f[0] !== 'photo'; });
      refused.push(item);
      store(REFUSED, refused);
    }
  }

  function show(state, detail) {
    var line = document.getElementById('queue-state');
    if (!line) {
      return;
    }
    var text = state ? panel.dataset[state] : '';
    line.textContent = text + (detail ? ' ' + detail : '');
    line.hidden = !text;
    line.className = 'mb-1 fw-semibold queue-' + (state || 'idle');
    if (state === 'signin') {
      var link = document.createElement('a');
      link.href = location.pathname;
      link.textContent = ' ↻';
      link.setAttribute('aria-label', panel.dataset.signin);
      line.appendChild(link);
    }
  }

  function render() {
    if (!panel) {
      return;
    }
    var waiting = mine(load(QUEUE));
    var list = document.getElementById('queue-waiting');
    list.textContent = '';
    if (waiting.length) {
      var head = document.createElement('li');
      head.className = 'list-inline-item fw-semibold';
      head.id = 'queue-count';
      head.dataset.count = waiting.length;
      head.textContent = say(panel.dataset.waiting, waiting.length);
      list.appendChild(head);
    }
    waiting.forEach(function (item) {
      var li = document.createElement('li');
      li.className = 'list-inline-item queued-step';
      li.dataset.step = item.step;
      li.textContent = item.label;
      list.appendChild(li);
    });
    renderRefused();
    unlock(waiting);
  }

  function renderRefused() {
    var box = document.getElementById('queue-refused');
    box.textContent = '';
    mine(load(REFUSED)).forEach(function (item) {
      var card = document.createElement('div');
      card.className = 'alert alert-danger py-2 refused-step';
      card.setAttribute('role', 'alert');
      card.dataset.step = item.step;
      card.dataset.status = item.outcome.status;
      var title = document.createElement('p');
      title.className = 'fw-semibold mb-1';
      title.textContent = say(panel.dataset.refused, item.label);
      card.appendChild(title);
      var messages = document.createElement('ul');
      messages.className = 'mb-1';
      var all = (item.outcome.general || []).slice();
      Object.keys(item.outcome.byField || {}).forEach(function (field) {
        all = all.concat(item.outcome.byField[field]);
      });
      all.forEach(function (m) {
        var li = document.createElement('li');
        li.textContent = m;
        messages.appendChild(li);
      });
      card.appendChild(messages);
      var form = document.getElementById(item.form);
      if (form && item.page === location.pathname) {
        card.appendChild(button(panel.dataset.restore, function () { restore(item, form); }));
        if (item.fresh) {
          restore(item, form);
        }
      }
      card.appendChild(button(panel.dataset.dismiss, function () { dismiss(item); }));
      box.appendChild(card);
    });
  }

  function button(text, action) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-sm btn-outline-dark me-2';
    b.textContent = text;
    b.addEventListener('click', action);
    return b;
  }

  // what the engineer typed goes back into its form, with the API's words by each field it names
  function restore(item, form) {
    item.fields.forEach(function (f) {
      var field = form.elements[f[0]];
      if (!field || field.type === 'file') {
        return;
      }
      if (field.type === 'checkbox') {
        field.checked = true;
      } else if (field instanceof RadioNodeList) {
        field.forEach(function (r) { r.checked = r.type === 'checkbox' ? r.checked : r.value === f[1]; });
      } else if (field.type !== 'hidden') {
        // hidden fields stay the page's own: its ETag is the visit as now loaded, so sending again does not conflict
        field.value = f[1];
      }
    });
    clearNotes(form);
    Object.keys(item.outcome.byField || {}).forEach(function (name) {
      var notes = form.querySelector('[data-notes-for="' + name + '"]');
      if (notes) {
        item.outcome.byField[name].forEach(function (m) {
          var div = document.createElement('div');
          div.className = 'field-error';
          div.textContent = m;
          notes.appendChild(div);
        });
      }
    });
    var fieldset = form.querySelector('fieldset');
    if (fieldset) {
      fieldset.disabled = false;
    }
    var details = form.closest('details');
    if (details) {
      details.open = true;
    }
    if (item.fresh) {
      store(REFUSED, load(REFUSED).map(function (r) {
        if (r.key === item.key) {
          r.fresh = false;
        }
        return r;
      }));
    }
  }

  function clearNotes(form) {
    form.querySelectorAll('.field-notes .field-error').forEach(function (e) { e.remove(); });
  }

  function dismiss(item) {
    store(REFUSED, load(REFUSED).filter(function (r) { return r.key !== item.key; }));
    render();
  }

  // a step whose steps before it are done, or waiting to be sent, can be taken now
  function unlock(waiting) {
    var have = (document.body.dataset.done || '').split(' ').filter(Boolean);
    waiting.filter(function (item) { return item.page === location.pathname; }).forEach(function (item) {
      have = have.concat(item.marks);
    });
    document.querySelectorAll('.step[data-needs]').forEach(function (step) {
      var needs = step.dataset.needs.split(' ').filter(Boolean);
      var ready = needs.every(function (n) { return have.indexOf(n) >= 0; });
      var queued = waiting.some(function (item) { return item.page === location.pathname && 'step-' + item.step === step.id; });
      step.classList.toggle('step-queued', queued);
      var state = step.querySelector('.step-state');
      if (queued && state) {
        state.textContent = panel.dataset.queued;
      }
      if (ready) {
        step.querySelectorAll('form fieldset:first-child, form > fieldset').forEach(function (f) { f.disabled = false; });
        step.querySelectorAll('.step-locked').forEach(function (p) { p.hidden = true; });
      }
    });
  }

  var logout = document.querySelector('form[action="/logout"]');
  if (logout && window.caches) {
    // pages kept for offline use hold this person's work: they go when the person signs out
    logout.addEventListener('submit', function () { caches.delete('yunwei-field-1'); });
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(function () {});
  }
  window.addEventListener('online', send);
  setInterval(function () {
    if (mine(load(QUEUE)).length && !sending) {
      send();
    }
  }, 5000);
  render();
  send();
})();
