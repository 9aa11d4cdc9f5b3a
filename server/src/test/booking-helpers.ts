/** A counsellor's availability (PUT /api/v1/availability/me): the same hours every day of the week. */
export function hoursEveryDay(
  channels: readonly ('video' | 'phone' | 'in_person')[],
  hours: { start: string; end: string },
  settings: { slotMinutes: number; bufferMinutes: number; minNoticeMinutes: number; horizonDays: number },
) {
  return {
    rules: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) =>
      channels.map((channel) => ({ channel, weekday, ...hours })),
    ),
    absences: [],
    settings,
  };
}
