// Shared helpers of the review pages: fetching the API, formatting, the live-events socket.
"use strict";
const argus = {
  async get(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  },
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  },
  svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  },
  time(iso) {
    return iso ? new Date(iso).toLocaleString() : "-";
  },
  seconds(s) {
    return s < 60 ? Math.round(s) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  },
  // Opens /api/live with filters; calls onEvent(event) for each; reconnects after a drop.
  live(query, onEvent, onState) {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/live" + (query ? "?" + query : "");
    const open = () => {
      const ws = new WebSocket(url);
      ws.onopen = () => onState && onState(true);
      ws.onmessage = m => {
        const msg = JSON.parse(m.data);
        if (msg.type === "event") onEvent(msg.event);
      };
      ws.onclose = () => { onState && onState(false); setTimeout(open, 2000); };
      setInterval(() => ws.readyState === 1 && ws.send(JSON.stringify({ type: "ping" })), 20000);
    };
    open();
  },
};
