/** The counsellor's alert choices, remembered in this browser. Both are off until chosen. */
export interface AlertSettings {
  desktop: boolean;
  sound: boolean;
}

const SETTINGS_KEY = 'opintori-console-chat-alerts';

export function loadAlertSettings(): AlertSettings {
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<AlertSettings>;
    return {
      desktop: saved.desktop === true && notificationPermission() === 'granted',
      sound: saved.sound === true,
    };
  } catch {
    return { desktop: false, sound: false };
  }
}

export function saveAlertSettings(settings: AlertSettings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Storage disabled: the choice lasts while the page is open.
  }
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission; call it only from a click, as browsers require. */
export async function requestNotificationPermission(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  if (Notification.permission === 'granted') return true;
  return (await Notification.requestPermission()) === 'granted';
}

/** A desktop notification; clicking it brings the console tab forward. */
export function showNotification(title: string, body: string, tag: string, onClick?: () => void): void {
  if (notificationPermission() !== 'granted') return;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    onClick?.();
    notification.close();
  };
}

let audio: AudioContext | undefined;

/**
 * Prepares the sound. Browsers start an AudioContext only after a user gesture, so this runs
 * from the click that turns the sound on (and again on later clicks if it was suspended).
 */
export function unlockSound(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
}

/** A short two-tone beep made with WebAudio: no sound files to load. */
export function beep(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.16, 1175],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.15);
  }
}
