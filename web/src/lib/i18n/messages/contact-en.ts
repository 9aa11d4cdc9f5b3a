import type { contactFi } from './contact-fi';

/** English strings of the public "write to us" and "call me back" forms. */
export const contactEn: Record<keyof typeof contactFi, string> = {
  'contact_form.optional': 'optional',
  'contact_form.name': 'First name',
  'contact_form.topic': 'Topic',
  'contact_form.topic_choose': 'Choose a topic',
  'contact_form.topic.applying': 'Applying for education',
  'contact_form.topic.financing': 'Funding your studies',
  'contact_form.topic.apprenticeship': 'Apprenticeship',
  'contact_form.topic.recognition': 'Recognition of prior learning',
  'contact_form.topic.immigrants': 'Education for immigrants',
  'contact_form.topic.special_support': 'Special support',
  'contact_form.topic.career_change': 'Changing careers',
  'contact_form.topic.other': 'Something else',
  'contact_form.provider': 'Education provider',
  'contact_form.provider_any': 'No preference – the shared guidance service',
  'contact_form.provider_hint':
    'Choose a provider if your question is about that one. Otherwise a counsellor of the shared service helps you.',
  'contact_form.trap': 'Leave this field empty',
  'contact_form.consent': 'Consent to store your details',
  'contact_form.privacy_heading': 'How we handle your details',
  'contact_form.error.email_missing': 'Enter your email address.',
  'contact_form.error.email_invalid': 'Enter an email address in the form name@example.com.',
  'contact_form.error.topic': 'Choose a topic.',
  'contact_form.error.provider': 'The chosen provider was not found. Choose another one or “No preference”.',
  'contact_form.error.consent': 'We need your consent to store your request.',
  'contact_form.error.rate_limited': 'You have sent many requests in a short time. Please try again later.',
  'contact_form.error.unavailable':
    'The form could not be sent just now. Your details are still in the form – please try again in a moment.',

  'write.title': 'Write to us',
  'write.intro':
    'Ask about applying to education, financing your studies or anything else about studying. A counsellor answers by email, usually within two working days. The service is free.',
  'write.email': 'Email',
  'write.email_hint': 'The counsellor replies to this address.',
  'write.message': 'Your message',
  'write.message_hint':
    'Tell us about your situation and what you would like to ask. Please do not include your personal identity code. At most {max} characters.',
  'write.privacy':
    'We store your message and the contact details you give so that a counsellor can answer you by email. They are deleted {days} days after your matter has been closed.',
  'write.consent':
    'I agree that my message and contact details are stored so that a counsellor can answer me.',
  'write.submit': 'Send message',
  'write.error.message_missing': 'Write a message.',
  'write.error.message_too_long': 'The message is too long. It can be at most {max} characters.',
  'write.sent_title': 'Message sent',
  'write.sent_heading': 'Thank you, your message has been sent',
  'write.sent_text':
    'We have sent a confirmation to your email. A counsellor usually answers within two working days. If you cannot see the confirmation, please check your spam folder too.',
  'write.sent_reply_hint':
    'You can continue the conversation by replying directly to the counsellor’s email.',
  'write.callback_instead': 'Would you rather talk to a counsellor?',

  'callback.title': 'Call me back',
  'callback.intro':
    'Leave your phone number and tell us when suits you. We will call you at the time you choose. The service is free.',
  'callback.phone': 'Phone number',
  'callback.phone_hint': 'For example 040 123 4567 or +46 70 123 4567',
  'callback.day': 'Preferred day',
  'callback.day_hint': 'Choose today or a day within the next 60 days.',
  'callback.window': 'A good time to call',
  'callback.window_hint': 'Choose a time range when you can answer the phone.',
  'callback.from': 'From',
  'callback.to': 'Until',
  'callback.time_choose': 'Choose',
  'callback.language': 'Which language would you like to speak?',
  'callback.language.fi': 'Finnish',
  'callback.language.sv': 'Swedish',
  'callback.language.en': 'English',
  'callback.email': 'Email',
  'callback.email_hint': 'If you would like a confirmation of your request by email.',
  'callback.note': 'More information',
  'callback.note_hint': 'For example what you would like to talk about. At most {max} characters.',
  'callback.privacy':
    'We store your phone number, the time you prefer and the other details you give so that a counsellor can call you. They are deleted {days} days after your matter has been closed.',
  'callback.consent': 'I agree that my details are stored so that a counsellor can call me.',
  'callback.submit': 'Send request',
  'callback.sent_title': 'Request sent',
  'callback.sent_heading': 'Thank you, we have received your request',
  'callback.sent_text': 'A counsellor will call you at the time you chose.',
  'callback.sent_when': 'Your preferred time: {day}, {from}–{to}.',
  'callback.sent_email': 'We have sent a confirmation to your email.',
  'callback.sent_missed': 'If we cannot reach you, we will try again later.',
  'callback.write_instead': 'Would you rather write?',
  'callback.error.phone.missing': 'Enter your phone number.',
  'callback.error.phone.invalid_characters': 'A phone number may contain only digits, spaces and a + sign.',
  'callback.error.phone.country_code_missing':
    'Start a foreign number with its country code, for example +46 70 123 4567.',
  'callback.error.phone.wrong_length': 'The number has too few or too many digits. Please check it.',
  'callback.error.phone.invalid':
    'Please check the number. Write it for example as 040 123 4567 or +46 70 123 4567.',
  'callback.error.day_missing': 'Choose a day.',
  'callback.error.day_out_of_range': 'Choose a day between today and 60 days from now.',
  'callback.error.from_missing': 'Choose the earliest time we can call.',
  'callback.error.to_missing': 'Choose the latest time we can call.',
  'callback.error.to_before_from': 'The end time must be after the start time.',
  'callback.error.time_passed': 'This time has already passed today. Choose a later time or another day.',
  'callback.error.note_too_long': 'The note is too long. It can be at most {max} characters.',

  'front.write_action': 'Write to us with the form',
  'front.callback_action': 'Ask us to call you back',
};
