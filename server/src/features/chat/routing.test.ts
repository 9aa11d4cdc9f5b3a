import { describe, expect, it } from 'vitest';
import { pickCounsellor, type PresentCounsellor } from './routing.js';
import type { QueueTarget } from '../../conversations/fit.js';
import { canTakeFromQueue } from '../../conversations/access.js';

const counsellor = (over: Partial<PresentCounsellor>): PresentCounsellor => ({
  id: over.id ?? 'x',
  name: 'Testi',
  organisation_id: 'org-a',
  languages: ['fi'],
  expertise: [],
  max_chats: 3,
  status: 'available',
  active_chats: 0,
  last_assigned_at: null,
  ...over,
});
const target = (over: Partial<QueueTarget>): QueueTarget => ({
  language: 'fi',
  topic: 'other',
  queue_organisation_id: null,
  queue_expertise: null,
  details: {},
  ...over,
});

describe('routing', () => {
  it("prefers the client's language, then the topic's expertise, then the least busy", () => {
    const finnishOnly = counsellor({ id: 'fi' });
    const swedish = counsellor({ id: 'sv', languages: ['fi', 'sv'] });
    const swedishExpert = counsellor({
      id: 'sv-rpl',
      languages: ['sv'],
      expertise: ['recognition_of_prior_learning'],
      active_chats: 2,
    });
    const all = [finnishOnly, swedish, swedishExpert];
    expect(pickCounsellor(all, target({ language: 'sv', topic: 'recognition' }))?.id).toBe('sv-rpl');
    expect(pickCounsellor(all, target({ language: 'sv', topic: 'financing' }))?.id).toBe('sv');
    expect(pickCounsellor([finnishOnly, counsellor({ id: 'busy', active_chats: 2 })], target({}))?.id).toBe(
      'fi',
    );
  });

  it('skips counsellors at their maximum and respects provider and expertise queues', () => {
    const full = counsellor({ id: 'full', languages: ['fi', 'ar'], active_chats: 3 });
    expect(pickCounsellor([full], target({ language: 'ar' }))).toBeUndefined();
    const other = counsellor({ id: 'b', organisation_id: 'org-b' });
    expect(pickCounsellor([other], target({ queue_organisation_id: 'org-a' }))).toBeUndefined();
    expect(
      canTakeFromQueue(
        { organisation_id: 'org-b', expertise: ['immigrants'] },
        { queue_organisation_id: null, queue_expertise: 'immigrants' },
      ),
    ).toBe(true);
    expect(
      canTakeFromQueue(
        { organisation_id: 'org-b', expertise: [] },
        { queue_organisation_id: null, queue_expertise: 'immigrants' },
      ),
    ).toBe(false);
    expect(
      canTakeFromQueue(
        { organisation_id: null, expertise: [], role: 'admin' },
        { queue_organisation_id: 'org-a', queue_expertise: null },
      ),
    ).toBe(true);
  });
});
