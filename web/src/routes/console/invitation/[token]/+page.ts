// A plain form: no client runtime, so nothing can reset what was typed before hydration
// finished (on a slow connection a visitor may start typing at once).
export const csr = false;
