// Colours are chosen for WCAG AA: #0b4f71 on white is 8.6:1, #595959 on white 7:1,
// #b3261e on white 6.4:1; white on #0b4f71 is 8.6:1.
// The launcher's part is all the loader (/widget.js) carries; the chat adds the panel's part
// when it is loaded (/widget-chat.js), after the launcher's, so the cascade is as in one sheet.
export const launcherStyles = `
:host { all: initial; position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, input, select, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
.launcher { display: inline-flex; gap: .5rem; align-items: center; padding: .75rem 1.1rem; border: 2px solid #fff;
  border-radius: 999px; background: #0b4f71; color: #fff; font-weight: 600; cursor: pointer;
  box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.launcher:hover { background: #083a54; }
.badge { min-width: 1.5rem; padding: 0 .4rem; border-radius: 999px; background: #fff; color: #0b4f71; font-size: .85rem; }
.launcher[aria-busy=true] { cursor: progress; }
.launcher[aria-busy=true]::after { content: ""; width: 1em; height: 1em; border: 2px solid; border-right-color: transparent;
  border-radius: 50%; animation: spin .8s linear infinite; }
@keyframes spin { to { transform: rotate(1turn); } }
@media (prefers-reduced-motion: reduce) { .launcher[aria-busy=true]::after { animation: none; } }
.load-error { position: absolute; right: 0; bottom: calc(100% + .5rem); width: max-content; max-width: min(20rem, calc(100vw - 2rem));
  margin: 0; padding: .6rem .75rem; background: #fff; color: #b3261e; border: 2px solid #b3261e; border-radius: .4rem;
  font-weight: 600; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
`;

export const panelStyles = `
.panel { position: fixed; right: 1rem; bottom: 5rem; width: 24rem; max-width: calc(100vw - 2rem);
  height: min(40rem, calc(100vh - 6rem)); display: flex; flex-direction: column; background: #fff;
  border: 1px solid #8a8a8a; border-radius: .75rem; box-shadow: 0 8px 28px rgba(0,0,0,.3); overflow: hidden; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; max-width: none; height: 100%; border-radius: 0; border: 0; }
  :host([open]) .launcher { display: none; }
}
header { display: flex; align-items: center; gap: .5rem; padding: .6rem .75rem; background: #0b4f71; color: #fff; }
header h2 { flex: 1; margin: 0; font-size: 1.1rem; }
header select { max-width: 7.5rem; padding: .25rem; border: 1px solid #fff; border-radius: .3rem; background: #0b4f71; color: #fff; }
header :focus-visible { outline-color: #ffbf47; }
.icon { width: 2.5rem; height: 2.5rem; border: 0; border-radius: .4rem; background: transparent; color: #fff;
  font-size: 1.5rem; line-height: 1; cursor: pointer; }
.icon:hover { background: #083a54; }
.body { flex: 1; overflow-y: auto; padding: .9rem; display: flex; flex-direction: column; gap: .75rem; }
.body.chat { padding: 0; gap: 0; overflow: hidden; }
.legal { padding: .3rem .75rem; border-top: 1px solid #8a8a8a; font-size: .85rem; }
.view { display: flex; flex-direction: column; gap: .75rem; }
.chat-view { display: flex; flex-direction: column; height: 100%; min-height: 0; }
.bottom { flex: 0 1 auto; min-height: 0; overflow-y: auto; }
p { margin: 0; }
h3 { margin: 0; font-size: 1rem; }
form { display: flex; flex-direction: column; gap: .75rem; }
.field { display: flex; flex-direction: column; gap: .25rem; }
.field label { font-weight: 600; }
.field.check { flex-direction: row; flex-wrap: wrap; align-items: flex-start; gap: .5rem; }
.field.check label { flex: 1; font-weight: 400; }
.field.check .field-error { flex-basis: 100%; }
input[type=checkbox], input[type=radio] { width: 1.2rem; height: 1.2rem; margin: .15rem 0 0; accent-color: #0b4f71; }
input:not([type=checkbox]):not([type=radio]), select, textarea { width: 100%; padding: .5rem; border: 1px solid #6b6b6b;
  border-radius: .35rem; background: #fff; }
textarea { resize: vertical; min-height: 4.5rem; }
[aria-invalid=true] { border-color: #b3261e !important; border-width: 2px !important; }
.field-error, .alert { color: #b3261e; font-weight: 600; }
.row { display: flex; gap: .5rem; flex-wrap: wrap; }
.row > .field { flex: 1; min-width: 6rem; }
fieldset { margin: 0; padding: 0; border: 0; display: flex; flex-direction: column; gap: .4rem; min-width: 0; }
legend { padding: 0; margin-bottom: .35rem; font-weight: 600; }
.choice { display: flex; gap: .5rem; align-items: center; }
.btn { padding: .6rem 1rem; border: 2px solid #0b4f71; border-radius: .4rem; background: #0b4f71; color: #fff;
  font-weight: 600; cursor: pointer; }
.btn:hover { background: #083a54; }
.btn.secondary { background: #fff; color: #0b4f71; }
.btn.secondary:hover { background: #eef3f6; }
.btn[aria-disabled=true] { opacity: .75; cursor: progress; }
.muted { color: #595959; font-size: .9rem; }
.notice { padding: .65rem .75rem; border-left: 4px solid #0b4f71; background: #eef3f6; border-radius: .25rem; }
.suggestions { margin: .5rem 0; padding: .5rem .65rem; background: #eef3f6; border-radius: .25rem; }
.waiting-help .suggestions { max-height: 9rem; overflow-y: auto; }
.about-you { border: 1px solid #d0d7dc; border-radius: 6px; padding: .6rem; margin-top: .5rem; }
.about-you summary { cursor: pointer; font-weight: 600; }
.suggestion-list { list-style: none; margin: .3rem 0 .5rem; padding: 0; }
.success { padding: .75rem; border-left: 4px solid #1d6b34; background: #eaf5ec; border-radius: .25rem; }
.status { padding: .6rem .9rem; background: #eef3f6; border-bottom: 1px solid #d0d7dc; max-height: 50%; overflow-y: auto; }
.log { flex: 1 1 8rem; min-height: 6rem; margin: 0; padding: .75rem .9rem; list-style: none; overflow-y: auto; display: flex;
  flex-direction: column; gap: .5rem; }
.msg { max-width: 85%; padding: .45rem .7rem; border-radius: .7rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg .who { display: block; font-size: .8rem; font-weight: 600; }
.msg.staff { align-self: flex-start; background: #eef3f6; }
.msg.client { align-self: flex-end; background: #0b4f71; color: #fff; }
.msg.pending { background: #e8e8e8; color: #3d3d3d; }
.card { display: block; margin-top: .3rem; padding: .35rem .5rem; border-left: 3px solid #0b4f71; background: #fff; color: #1a1a1a; }
.card a { display: block; font-weight: 600; color: #0b4f71; }
.msg.pending .state { display: block; font-size: .8rem; font-style: italic; color: #4a4a4a; }
.event { align-self: center; text-align: center; color: #595959; font-size: .875rem; }
.typing { min-height: 1.4rem; padding: 0 .9rem; color: #595959; font-size: .875rem; font-style: italic; }
.compose { padding: .6rem .9rem .9rem; border-top: 1px solid #d0d7dc; display: flex; flex-direction: column; gap: .5rem; }
.compose form { gap: .4rem; }
.compose textarea { min-height: 3.2rem; }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.link { padding: .2rem 0; border: 0; background: none; color: #0b4f71; text-decoration: underline; cursor: pointer; font-size: .9rem; }
.after { padding: .9rem; border-top: 1px solid #d0d7dc; display: flex; flex-direction: column; gap: .75rem; }
.key { word-break: break-all; font-size: .85em; }
`;

/** The proactive invitation above the launcher (loader). */
export const inviteStyles = `
.invite { position: absolute; right: 0; bottom: calc(100% + .5rem); width: min(20rem, calc(100vw - 2rem));
  padding: .75rem; background: #fff; border: 2px solid #0b4f71; border-radius: .6rem; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.invite p { margin: 0 0 .6rem; }
.invite button { margin: 0 .4rem 0 0; padding: .45rem .8rem; border: 2px solid #0b4f71; border-radius: .4rem;
  background: #fff; color: #0b4f71; font-weight: 600; cursor: pointer; }
.invite .yes { background: #0b4f71; color: #fff; }
@media (prefers-reduced-motion: no-preference) { .invite { animation: rise .3s ease-out; } }
@keyframes rise { from { opacity: 0; transform: translateY(.5rem); } }
`;
