// distlab embed script: <script type="module" src="…/embed.js"></script>
//
// Loads the one wasm module beside this file. Its start function mounts a widget into
// every <div class="hn-embed-widget" id="…"> on the page (an unknown id gets a short
// note). window.distlab.mountAll() mounts placeholders added later.
import init, { mountAll, mount, widgets } from "./distlab-site.js";

// Reserve room before the module arrives, so the page does not jump when widgets appear.
if (!document.getElementById("distlab-reserve")) {
  const style = document.createElement("style");
  style.id = "distlab-reserve";
  style.textContent = ".hn-embed-widget[id]:not([data-dl-mounted]):empty{min-height:420px}";
  document.head.append(style);
}

await init({ module_or_path: new URL("./distlab-site_bg.wasm", import.meta.url) });
window.distlab = { mountAll, mount, widgets: () => JSON.parse(widgets()) };
