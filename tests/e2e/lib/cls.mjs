// Cumulative layout shift (CLS) as the browser reports it: the sum of every
// 'layout-shift' entry's value not caused by recent input.

/** Starts recording layout shifts on every document the page opens (call before goto). */
export function trackLayoutShifts(page) {
  return page.addInitScript(() => {
    window.__cls = { value: 0, shifts: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__cls.value += e.value;
        window.__cls.shifts.push({ value: e.value, at: Math.round(e.startTime) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shift recorded so far: `{ value, shifts: [{ value, at }] }`. */
export function layoutShift(page) {
  return page.evaluate(() => window.__cls);
}
