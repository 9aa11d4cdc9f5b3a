import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ArticleTable {
  id: Generated<string>;
  key: string;
  category: string;
  related_keys: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ArticleVersionTable {
  id: Generated<string>;
  article_id: string;
  lang: string;
  slug: string;
  title: string;
  summary: string;
  body_md: string;
  body_html: string;
  body_text: Generated<string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  status: 'draft' | 'published';
  /** A date column: returned as a Date by both engines, written as YYYY-MM-DD. */
  last_reviewed: ColumnType<Date | null, string | null, string | null>;
  revision: Generated<number>;
  content_updated_at: Generated<Date>;
  published_at: Date | null;
  updated_by: string | null;
  updated_at: Generated<Date>;
  view_count: Generated<number>;
  search_text: Generated<string>;
  search_vector: Generated<string>;
}

export interface ArticleRevisionTable {
  id: Generated<string>;
  article_version_id: string;
  revision: number;
  slug: string;
  title: string;
  summary: string;
  body_md: string;
  tags: ColumnType<string[], string[], string[]>;
  status: string;
  last_reviewed: ColumnType<Date | null, string | null, string | null>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface ArticleFeedbackTable {
  id: Generated<number>;
  article_version_id: string;
  is_helpful: boolean;
  comment: string | null;
  created_at: Generated<Date>;
}

export interface SearchVocabularyTable {
  lang: string;
  word: string;
  lexeme: string;
}

export type ArticleRow = Selectable<ArticleTable>;
export type ArticleVersionRow = Selectable<ArticleVersionTable>;
