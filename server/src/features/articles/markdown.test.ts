import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders headings, lists and links', () => {
    const html = renderMarkdown(
      '## Haku\n\n- jatkuva haku\n- yhteishaku\n\n[Opintopolku](https://opintopolku.fi)',
    );
    expect(html).toContain('<h2>Haku</h2>');
    expect(html).toContain('<li>jatkuva haku</li>');
    expect(html).toContain('<a href="https://opintopolku.fi" rel="noopener noreferrer">Opintopolku</a>');
  });

  it('removes script tags, inline event handlers and javascript: links', () => {
    const html = renderMarkdown(
      'Hei <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[klikkaa](javascript:alert(3)) <a href="JaVaScRiPt:alert(4)">x</a> <b onclick="alert(5)">b</b>',
    );
    expect(html).not.toMatch(/script/i);
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toContain('<img');
    expect(html).toContain('<b>b</b>');
  });

  it('turns a level-one heading into level two: the page title is the only h1', () => {
    expect(renderMarkdown('# Otsikko')).toBe('<h2>Otsikko</h2>');
  });
});

describe('markdownToText', () => {
  it('gives the words without markup', () => {
    expect(markdownToText('## Oppisopimus\n\nOpiskele **työn** ohessa & saat palkkaa.')).toBe(
      'Oppisopimus Opiskele työn ohessa & saat palkkaa.',
    );
  });
});
