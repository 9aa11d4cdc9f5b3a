import type { z } from 'zod';
import type { bookingSchema, Booked } from '$server/features/booking/booking.service';
import type { availabilityInputSchema } from '$server/features/booking/availability.service';
import type { AvailabilityChannel, BookableChannel } from '$server/features/booking/appointment.table';
import { createCaller, queryString } from './client';

type Fetch = typeof fetch;

export type BookingChannel = BookableChannel;
export type { AvailabilityChannel };
export type BookingBody = z.input<typeof bookingSchema>;
export type AvailabilityBody = z.input<typeof availabilityInputSchema>;
export type { Booked };

export interface Slot {
  start: string;
  end: string;
  location: string | null;
}

/** What the manage link shows of a booking. */
export interface ManagedBooking {
  id: string;
  channel: BookingChannel;
  status: 'booked' | 'cancelled' | 'done';
  start: string;
  end: string;
  location: string | null;
  /** Face-to-face: how to find the place, and a map search for its address. */
  directions?: string;
  mapUrl?: string | null;
  counsellor: string | null;
  language: string;
  topic: string;
}

/** A counsellor's hours as the API returns them (Helsinki wall-clock times). */
export interface AvailabilityView {
  rules: {
    channel: AvailabilityChannel;
    weekday: number;
    start: string;
    end: string;
    location: string | null;
    directions?: string;
  }[];
  absences: { day: string; start: string | null; end: string | null; note?: string }[];
  settings: { slotMinutes: number; bufferMinutes: number; minNoticeMinutes: number; horizonDays: number };
}

export interface StaffAppointment {
  id: string;
  conversationId: string;
  channel: BookingChannel;
  status: string;
  start: string;
  end: string;
  location: string | null;
  staffId: string;
  staffName: string;
  topic: string | null;
  language: string;
  clientName: string | null;
  clientPhone: string | null;
  clientEmail: string | null;
}

/** The booking API (free times, booking, the manage link) and the counsellors' calendar. */
export function createBookingApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const token = (value: string) => `/api/v1/booking/manage/${encodeURIComponent(value)}`;
  return {
    slots: (query: {
      channel: BookingChannel;
      language: string;
      provider?: string;
      from?: string;
      days?: number;
    }) =>
      call<{ channel: BookingChannel; slots: Slot[] }>('GET', `/api/v1/booking/slots${queryString(query)}`),
    book: (body: BookingBody) => call<Booked>('POST', '/api/v1/booking/appointments', body),
    manage: (manageToken: string) => call<ManagedBooking>('GET', token(manageToken)),
    reschedule: (manageToken: string, start: string) =>
      call<unknown>('POST', `${token(manageToken)}/reschedule`, { start }),
    cancel: (manageToken: string) => call<unknown>('POST', `${token(manageToken)}/cancel`, {}),
    myAvailability: () => call<AvailabilityView>('GET', '/api/v1/availability/me'),
    saveMyAvailability: (body: AvailabilityBody) =>
      call<AvailabilityView>('PUT', '/api/v1/availability/me', body),
    appointments: (scope: 'mine' | 'team', query: { from?: string; days?: number; status?: string } = {}) =>
      call<{ items: StaffAppointment[] }>('GET', `/api/v1/appointments/${scope}${queryString(query)}`),
  };
}
