import { z } from 'zod';
import { MESSAGE_MAX_LENGTH } from '../../conversations/vocabulary.js';
import type { VideoCallOffer } from './video-call.service.js';

/** Largest signalling message, serialised; an offer with audio, video and a data-less SDP fits in a few kB. */
export const SIGNAL_MAX_BYTES = 32 * 1024;

const sessionDescription = z
  .object({
    type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
    sdp: z.string().max(SIGNAL_MAX_BYTES),
  })
  .strict();

const iceCandidate = z
  .object({
    candidate: z.string().max(2000),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();

/** A WebRTC signalling message: a session description, an ICE candidate, or both. */
export const signalSchema = z
  .object({
    description: sessionDescription.optional(),
    candidate: iceCandidate.optional(),
  })
  .strict()
  .refine((signal) => signal.description || signal.candidate, {
    message: 'give a description or a candidate',
  })
  .refine((signal) => JSON.stringify(signal).length <= SIGNAL_MAX_BYTES, {
    message: `larger than ${SIGNAL_MAX_BYTES} bytes`,
  });
export type Signal = z.infer<typeof signalSchema>;

/** A line in the meeting's chat panel; the id makes a re-send after a reconnect harmless. */
export const meetingChatSchema = z
  .object({
    clientMsgId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    body: z.string().trim().min(1).max(MESSAGE_MAX_LENGTH),
  })
  .strict();
export type MeetingChat = z.infer<typeof meetingChatSchema>;

export const admitSchema = z.object({}).strict().optional();

/** A video call offered in a chat, as the counsellor who offered it sees it. */
export const videoCallOfferSchema = z.object({
  id: z.string(),
  status: z.enum(['offered', 'accepted', 'declined']),
  expiresAt: z.string(),
  /** The counsellor's way in: the console meeting page. */
  joinPath: z.string(),
}) satisfies z.ZodType<VideoCallOffer>;

/** The visitor's answer recorded: accepting gives the meeting link. */
export const videoCallAnswerSchema = z.object({
  status: z.enum(['accepted', 'declined']),
  url: z.string().nullable(),
  expiresAt: z.string(),
});
