// Zikos web sample. Everything shown from the server goes through textContent, never innerHTML.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var state = { session: null, takes: [], busy: false, recorder: null, chunks: [], timer: null, maxUploadBytes: 0 };

  function setStatus(text, isError) {
    var s = $("upload-status");
    s.textContent = text;
    s.classList.toggle("error", !!isError);
  }

  // ---- model status -------------------------------------------------------
  fetch("/api/status").then(function (r) { return r.json(); }).then(function (s) {
    var el = $("model-status");
    state.maxUploadBytes = s.max_upload_bytes || 0;
    if (s.model_configured) {
      el.textContent = "coach: " + (s.model || "model loaded");
    } else {
      el.textContent = "no model configured — the report works, the chat does not";
      el.classList.add("off");
      addMessage("notice", s.notice);
    }
  }).catch(function () { $("model-status").textContent = "server not reachable"; });

  // ---- uploads --------------------------------------------------------------
  function upload(blob, name) {
    if (state.busy) { return; }
    // Checked here because a server that refuses an over-long body closes the connection before the browser has
    // sent it, and the browser then reports a network error instead of the server's message.
    if (state.maxUploadBytes && blob.size > state.maxUploadBytes) {
      setStatus(name + " is larger than the " + Math.max(1, Math.floor(state.maxUploadBytes / 1048576)) +
          " MB limit; trim it or compress it (e.g. to MP3) and try again", true);
      $("file").value = "";
      return;
    }
    state.busy = true;
    setStatus("Analysing " + name + " …");
    var url = "/api/recordings?name=" + encodeURIComponent(name) +
        "&instrument=" + encodeURIComponent($("instrument").value) +
        ($("beats-per-bar").value ? "&beats_per_bar=" + encodeURIComponent($("beats-per-bar").value) : "");
    var type = blob.type && /^(audio|video)\//.test(blob.type) ? blob.type : "application/octet-stream";
    fetch(url, { method: "POST", headers: { "Content-Type": type }, body: blob })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { throw new Error(res.body.error || "upload failed"); }
        var take = { id: res.body.id, name: res.body.name || name, url: res.body.report_url };
        state.takes.push(take);
        addTake(take);
        showReport(take);
        setStatus("Analysed " + take.name + ". Ask the coach about it below.");
      })
      .catch(function (e) { setStatus(e.message, true); })
      .then(function () { state.busy = false; $("file").value = ""; });
  }

  $("file").addEventListener("change", function () {
    var f = $("file").files[0];
    if (f) { upload(f, f.name); }
  });

  function addTake(take) {
    var li = document.createElement("li");
    var nm = document.createElement("span");
    nm.className = "nm";
    nm.textContent = "take " + state.takes.length + " · " + take.name;
    li.appendChild(nm);
    li.dataset.id = take.id;
    li.addEventListener("click", function () { showReport(take); });
    $("takes").appendChild(li);
  }

  function showReport(take) {
    var frame = $("report");
    frame.src = take.url;
    frame.classList.remove("hidden");
    $("report-empty").classList.add("hidden");
    var open = $("report-open");
    open.href = take.url;
    open.classList.remove("hidden");
    var items = $("takes").children;
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("active", items[i].dataset.id === take.id);
    }
  }

  // ---- recording in the browser ----------------------------------------------
  function pickType() {
    var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
    if (!window.MediaRecorder) { return null; }
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }

  $("record").addEventListener("click", function () {
    var btn = $("record");
    if (state.recorder) { state.recorder.stop(); return; }
    var type = pickType();
    if (type === null || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      setStatus("This browser cannot record here (it needs localhost or HTTPS). Upload a file instead.", true);
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false,
        autoGainControl: false } }).then(function (stream) {
      var rec = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      state.recorder = rec;
      state.chunks = [];
      var started = Date.now();
      rec.ondataavailable = function (e) { if (e.data && e.data.size) { state.chunks.push(e.data); } };
      rec.onstop = function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
        clearInterval(state.timer);
        state.recorder = null;
        btn.textContent = "● Record";
        btn.classList.remove("recording");
        $("record-time").textContent = "";
        var mime = rec.mimeType || "audio/webm";
        var ext = mime.indexOf("ogg") >= 0 ? "ogg" : mime.indexOf("mp4") >= 0 ? "m4a" : "webm";
        var blob = new Blob(state.chunks, { type: mime.split(";")[0] });
        var stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-");
        upload(blob, "recording-" + stamp + "." + ext);
      };
      rec.start(250);
      btn.textContent = "■ Stop";
      btn.classList.add("recording");
      state.timer = setInterval(function () {
        var s = Math.floor((Date.now() - started) / 1000);
        $("record-time").textContent = "recording " + Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
      }, 250);
      setStatus("Recording… press Stop when you are done.");
    }).catch(function (e) {
      setStatus("No microphone: " + e.message + ". You can upload a file instead.", true);
    });
  });

  // ---- chat --------------------------------------------------------------------
  function addMessage(kind, text) {
    var div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text || "";
    $("chat-log").appendChild(div);
    $("chat-log").scrollTop = $("chat-log").scrollHeight;
    return div;
  }

  function addActivity(text) {
    var div = document.createElement("div");
    div.className = "activity";
    div.textContent = text;
    $("chat-log").appendChild(div);
    return div;
  }

  // The coach's bubble is created on its first words, so tool activity lines come before it.
  function handleEvent(name, data, turn) {
    function reply() {
      if (!turn.reply) { turn.reply = addMessage("coach", ""); }
      return turn.reply;
    }
    switch (name) {
      case "session": state.session = data.id; break;
      case "recording": addActivity(data.label + " added to the conversation" +
          (data.warning ? " (" + data.warning + ")" : "")); break;
      case "text": reply().textContent += data.delta; break;
      case "tool": addActivity("listening closely: " + data.name.replace(/_/g, " ") + " …"); break;
      case "tool_result": if (data.error) { addActivity(data.name + " failed: " + data.message); } break;
      case "notice": addMessage("notice", data.message); break;
      case "error": addMessage("error", data.message); break;
      case "done":
        if (!reply().textContent) { reply().textContent = data.text || "(no answer)"; }
        reply().classList.add("complete");
        break;
    }
    $("chat-log").scrollTop = $("chat-log").scrollHeight;
  }

  $("chat-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = $("chat-input");
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    addMessage("user", text);
    var turn = { reply: null };
    var send = $("chat-send");
    send.disabled = true;
    var body = JSON.stringify({ session: state.session, text: text,
        recordings: state.takes.map(function (t) { return t.id; }) });
    fetch("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) {
        if (!r.ok) { return r.json().then(function (j) { throw new Error(j.error || "chat failed"); }); }
        var reader = r.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { return; }
            buffer += decoder.decode(chunk.value, { stream: true });
            var sep;
            while ((sep = buffer.indexOf("\n\n")) >= 0) {
              var frame = buffer.slice(0, sep);
              buffer = buffer.slice(sep + 2);
              var name = "message";
              var data = "";
              frame.split("\n").forEach(function (line) {
                if (line.indexOf("event: ") === 0) { name = line.slice(7); }
                else if (line.indexOf("data: ") === 0) { data += line.slice(6); }
              });
              handleEvent(name, data ? JSON.parse(data) : {}, turn);
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function (e) { addMessage("error", e.message); })
      .then(function () { send.disabled = false; });
  });

  $("chat-input").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("chat-form").requestSubmit(); }
  });
})();
