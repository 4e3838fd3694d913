// The review page: episodes as thumbnails, with filters and paging; new episodes appear live.
"use strict";
(() => {
  const form = document.getElementById("filters");
  const grid = document.getElementById("grid");
  const limit = 48;
  let offset = 0;
  const params = new URLSearchParams(location.search);
  for (const [k, v] of params) if (form.elements[k]) form.elements[k].value = v;
  offset = Number(params.get("offset") || 0);

  function query() {
    const q = new URLSearchParams();
    for (const name of ["camera", "label", "zone", "action"]) {
      const v = form.elements[name].value.trim();
      if (v) q.set(name, v);
    }
    for (const name of ["from", "to"]) {
      const v = form.elements[name].value;
      if (v) q.set(name, new Date(v).toISOString());
    }
    return q;
  }

  function card(e, fresh) {
    const img = e.thumbnail_url ? argus.el("img", { src: e.thumbnail_url, alt: e.label, loading: "lazy" }) : argus.el("div", { class: "noimg" }, "no snapshot yet");
    const tags = argus.el("div", { class: "tags" }, ...e.zones.map(z => argus.el("span", {}, "zone " + z)), ...e.actions.map(a => argus.el("span", {}, a)));
    return argus.el("a", { class: "card" + (fresh ? " new" : ""), href: e.review_url, "data-episode": e.id },
      img,
      argus.el("div", { class: "meta" },
        argus.el("div", { class: "label" }, e.label + " ", argus.el("small", {}, e.status)),
        argus.el("div", {}, e.camera_id),
        argus.el("div", {}, argus.time(e.started_at) + " - " + new Date(e.ended_at).toLocaleTimeString() + " (" + argus.seconds(e.duration_s) + ")"),
        tags));
  }

  let shown = new Set();
  async function load(markNew) {
    const q = query();
    q.set("limit", limit);
    q.set("offset", offset);
    const page = await argus.get("/api/episodes?" + q);
    grid.replaceChildren(...page.items.map(e => card(e, markNew && !shown.has(e.id))));
    shown = new Set(page.items.map(e => e.id));
    document.getElementById("empty").hidden = page.items.length > 0;
    document.getElementById("prev").disabled = offset === 0;
    document.getElementById("next").disabled = page.next === null;
    document.getElementById("page").textContent = page.items.length ? (offset + 1) + "-" + (offset + page.items.length) : "";
  }

  async function cameras() {
    const list = await argus.get("/api/cameras?limit=500");
    const select = form.elements.camera;
    const nav = document.getElementById("cameras");
    for (const c of list.items) {
      select.append(argus.el("option", { value: c.id }, c.id));
      nav.append(argus.el("a", { href: "/cameras/" + encodeURIComponent(c.id) }, c.id + " (" + c.status + ")"));
    }
    if (params.get("camera")) select.value = params.get("camera");
  }

  // The models and where each stands (the control topic changes them while the job runs).
  async function models() {
    const list = await argus.get("/api/models?limit=100");
    const nav = document.getElementById("models");
    for (const m of list.items) {
      const since = m.status === "retired" ? " since " + argus.time(m.retired_at) : m.status === "active" && m.activated_at ? " since " + argus.time(m.activated_at) : "";
      const agreement = m.status === "shadow" && m.agreement_24h !== null ? ", agreement " + Number(m.agreement_24h).toFixed(2) : "";
      nav.append(argus.el("span", { class: "model " + m.status, "data-model": m.id, title: m.error || "" }, m.id + " " + m.status + since + agreement));
    }
  }

  form.addEventListener("submit", ev => {
    ev.preventDefault();
    offset = 0;
    history.replaceState(null, "", "/?" + query());
    load(false);
  });
  document.getElementById("prev").onclick = () => { offset = Math.max(0, offset - limit); load(false); };
  document.getElementById("next").onclick = () => { offset += limit; load(false); };

  // Live: an episode event for the page being shown reloads it (debounced), new cards outlined.
  let pending = null;
  argus.live("kind=episode", () => {
    if (offset !== 0 || pending) return;
    pending = setTimeout(() => { pending = null; load(true); }, 300);
  }, on => document.getElementById("live").className = "live " + (on ? "on" : "off"));

  models();
  cameras().then(() => load(false));
})();
