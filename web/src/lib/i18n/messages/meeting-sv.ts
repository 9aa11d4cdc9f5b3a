import type { meetingFi } from './meeting-fi';

/** Swedish strings of the video meeting. */
export const meetingSv: Record<keyof typeof meetingFi, string> = {
  'meeting.title': 'Videomöte',
  'meeting.intro':
    'Kontrollera kameran och mikrofonen innan du ansluter. Du kan också delta med enbart ljud.',
  'meeting.devices': 'Enheter',
  'meeting.camera': 'Kamera',
  'meeting.microphone': 'Mikrofon',
  'meeting.audio_only': 'Enbart ljud (svag förbindelse)',
  'meeting.preview': 'Din bild',
  'meeting.remote': 'Den andras bild',
  'meeting.join': 'Anslut till mötet',
  'meeting.rejoin': 'Anslut igen',
  'meeting.leave': 'Lämna mötet',
  'meeting.mute': 'Stäng av mikrofonen',
  'meeting.camera_off': 'Stäng av kameran',
  'meeting.share_screen': 'Dela skärmen',
  'meeting.stop_sharing': 'Sluta dela skärmen',
  'meeting.controls': 'Mötets knappar',
  'meeting.waiting_room': 'Du är i väntrummet. Handledaren släpper in dig inom kort.',
  'meeting.waiting_for_counsellor': 'Väntar på handledaren.',
  'meeting.waiting_for_client': 'Klienten har inte anslutit ännu.',
  'meeting.client_waiting': 'Klienten väntar i väntrummet.',
  'meeting.admit': 'Släpp in klienten',
  'meeting.joining': 'Ansluter…',
  'meeting.connecting': 'Videoförbindelsen kopplas upp…',
  'meeting.connected': 'Förbindelsen är uppkopplad.',
  'meeting.reconnecting': 'Förbindelsen bröts. Ansluter igen…',
  'meeting.left': 'Du lämnade mötet.',
  'meeting.chat': 'Chatt',
  'meeting.chat_message': 'Meddelande',
  'meeting.chat_send': 'Skicka',
  'meeting.chat_empty': 'Inga meddelanden.',
  'meeting.you': 'Du',
  'meeting.counsellor': 'Handledare',
  'meeting.client': 'Klient',
  'meeting.no_webrtc':
    'Din webbläsare stöder inte videomöten. Öppna länken i en ny version av Chrome, Edge, Firefox eller Safari.',
  'meeting.media.permission':
    'Webbläsaren gav inte tillgång till kameran eller mikrofonen. Tillåt dem via låsikonen i adressfältet och välj ”Försök igen”. Du kan också delta utan dem och skriva i chatten.',
  'meeting.media.no_device':
    'Ingen kamera eller mikrofon hittades. Anslut en enhet eller delta med enbart ljud.',
  'meeting.media.device_busy':
    'Kameran eller mikrofonen används av ett annat program. Stäng det och försök igen.',
  'meeting.media.screen_permission': 'Skärmdelning tilläts inte.',
  'meeting.media.media': 'Kameran eller mikrofonen kunde inte tas i bruk.',
  'meeting.retry_media': 'Försök igen',
  'meeting.error.meeting.not_open':
    'Mötet är inte öppet nu. Du kan ansluta 15 minuter före start och till 30 minuter efter slutet.',
  'meeting.error.meeting.in_use': 'Någon är redan med i mötet med den här länken.',
  'meeting.error.meeting.not_found': 'Mötet hittades inte. Det kan ha avbokats.',
  'meeting.error.meeting.replaced': 'Mötet öppnades i ett annat fönster.',
  'meeting.error.auth.unauthenticated': 'Logga in först.',
  'meeting.error.generic': 'Något gick fel. Försök igen.',
};
