import { z } from 'zod';

/**
 * Tags: lowercase words a monitor carries, for filtering the dashboard, routing alerts and scoping
 * maintenance windows. One rule for the form, the API, storage and every filter.
 */
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 32;
const TAG = /^[a-z0-9-]{1,32}$/;
export const TAG_RULE = `lowercase letters, digits and -, at most ${MAX_TAG_CHARS} characters`;

export const isTag = (value: unknown): value is string => typeof value === 'string' && TAG.test(value);

/** One tag (a filter, a window's scope). */
export const tagSchema = z.string({ error: 'A tag must be text' }).regex(TAG, `A tag is ${TAG_RULE}`);

/** A monitor's or a channel's tags: one message naming every tag that is not one. */
export const tagsSchema = z
  .array(z.string({ error: 'Tags must be text' }), { error: 'Tags must be a list of words' })
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags`)
  .superRefine((tags, ctx) => {
    const bad = tags.filter((tag) => !isTag(tag));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `Not a tag: ${bad.map((t) => JSON.stringify(String(t).slice(0, 40))).join(', ')} (tags are ${TAG_RULE})` });
    else if (new Set(tags).size !== tags.length) ctx.addIssue({ code: 'custom', message: 'Each tag may appear only once' });
  })
  .default([]);

/** Tags as a person types them in a form: separated by commas or spaces, in any case, repeats dropped. */
export function tagsFromText(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((word) => word.trim().toLowerCase()).filter(Boolean))];
}
