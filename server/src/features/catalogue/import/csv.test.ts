import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './csv.js';

describe('catalogue CSV', () => {
  it('refers to rows by the line they start on, across quoted line breaks and blank lines', () => {
    const text = [
      'external_id;name_fi;description_fi;qualification_type',
      '',
      'A;Yksi;"rivi\r\ntoinen\r\n\r\nneljäs";other',
      'B;Kaksi;"x;y";other;extra',
      '',
      'C;Kolme;"sanoi ""hei""";master_degree',
    ].join('\r\n');
    const parsed = parseCsv(`\uFEFF${text}`, 'f.csv');
    expect(parsed.programmes.map((p) => [p.ref, p.description.fi])).toEqual([
      ['f.csv:3', 'rivi\r\ntoinen\r\n\r\nneljäs'],
    ]);
    expect(parsed.rejected).toEqual([
      { ref: 'f.csv:7', reason: 'the row has 5 fields, the header 4' },
      {
        ref: 'f.csv:9',
        externalId: 'C',
        reason: expect.stringMatching(/qualification_type "master_degree"/),
      },
    ]);
  });

  it('keeps a quote inside an unquoted field, and names the line where an unclosed quote starts', () => {
    expect(parseCsvRecords('a,b\r1,x"y"z', ',', 'f.csv')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x"y"z'] },
    ]);
    expect(() => parseCsvRecords('a,b\n1,"x\ny"\n\n2,"kesken\n3,4\n', ',', 'q.csv')).toThrow(
      expect.objectContaining({
        code: 'import.malformed_csv',
        message: 'q.csv: a quoted field starting on line 5 never ends',
      }),
    );
  });
});
