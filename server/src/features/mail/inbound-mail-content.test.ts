import { describe, expect, it } from 'vitest';
import { safeFilename, stripQuotedReply } from './inbound-mail-content.js';

describe('reading a reply', () => {
  it('cuts the quoted earlier mail in the usual forms and keeps everything else', () => {
    expect(stripQuotedReply('Kiitos!\n\nOn Mon, 30 Nov 2026 at 10.00 Mikko wrote:\n> Hei\n> toinen')).toBe(
      'Kiitos!',
    );
    expect(stripQuotedReply('Selvä.\n\nma 30.11.2026 klo 10.00 Mikko Haapala kirjoitti:\n> Hei')).toBe(
      'Selvä.',
    );
    expect(stripQuotedReply('Tack!\n\nden 30 nov. 2026 skrev Mikko:\n> Hej')).toBe('Tack!');
    expect(stripQuotedReply('Vastaus\n\n> lainattu\n> lisää\n')).toBe('Vastaus');
    expect(stripQuotedReply('Vastaus\n-----Original Message-----\nFrom: x\nHei')).toBe('Vastaus');
    // Quotes in the middle are the writer's own; a lone "> " line is kept.
    expect(stripQuotedReply('> Kysyit tästä\nVastaan näin')).toBe('> Kysyit tästä\nVastaan näin');
    expect(stripQuotedReply('Pelkkä viesti')).toBe('Pelkkä viesti');
  });

  it('makes file names safe to store and offer: no paths, no control characters, never empty', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\a\\todistus.pdf')).toBe('todistus.pdf');
    expect(safeFilename('a\u0000b\u0007.pdf')).toBe('ab.pdf');
    expect(safeFilename('...')).toBe('liite');
    expect(safeFilename(undefined)).toBe('liite');
    expect(safeFilename('x'.repeat(300) + '.pdf')).toHaveLength(150);
  });
});
