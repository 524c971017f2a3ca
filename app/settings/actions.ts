'use server';

import { revalidatePath } from 'next/cache';
import { auditWeb } from '@/app/lib/audit';
import { requireRole } from '@/app/lib/session';
import { failedFormState } from '@/app/monitors/form-state';
import { addChannel, removeChannel, renameChannel, sendTestMessage, setChannelTags, setDefaultChannel, updateChannelUrl } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { tagsFromText } from '@/lib/monitors';
import { discardDeadLetter, redriveDeadLetter } from '@/lib/queue/dead-letters';
import type { FormState } from '@/ui/monitors/form-input';

const done = (message: string): FormState => {
  revalidatePath('/settings');
  return { ok: true, errors: {}, message };
};

export async function addChannelAction(_state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    const channel = await addChannel(sharedContext(), { name: form.get('name') ?? '', url: form.get('url') ?? '' });
    await auditWeb(user, 'channel.create', channel.id, channel.name);
    return done(`Added “${channel.name}”.`);
  } catch (error) {
    // The URL is a secret: it is not echoed back into the form.
    return failedFormState(error, 'add alert channel', form, ['url']);
  }
}

export async function renameChannelAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    const channel = await renameChannel(sharedContext(), id, form.get('name') ?? '');
    await auditWeb(user, 'channel.rename', id, channel.name);
    return done(`Renamed to “${channel.name}”.`);
  } catch (error) {
    return failedFormState(error, 'rename alert channel', form);
  }
}

/** The tags whose monitors also alert this channel (empty: none). */
export async function setChannelTagsAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    const channel = await setChannelTags(sharedContext(), id, tagsFromText(String(form.get('tags') ?? '')));
    await auditWeb(user, 'channel.tags', id, channel.tags.join(', '));
    return done(channel.tags.length ? `Monitors tagged ${channel.tags.join(', ')} now also alert “${channel.name}”.` : `“${channel.name}” is attached to no tag.`);
  } catch (error) {
    return failedFormState(error, 'set alert channel tags', form);
  }
}

/** A new webhook URL (a failing one replaced): the channel's health starts over and waiting alerts go at once. */
export async function changeChannelUrlAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    const channel = await updateChannelUrl(sharedContext(), id, form.get('url') ?? '');
    await auditWeb(user, 'channel.url', id, channel.name);
    return done('Webhook URL changed; waiting alerts are sent now.');
  } catch (error) {
    return failedFormState(error, 'change alert channel URL', form, ['url']);
  }
}

/** Removes a channel (after the page asked to confirm); monitors that named it alert the default channel. */
export async function removeChannelAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  if (form.get('confirm') !== 'remove') return { errors: {}, message: 'Not removed.' };
  try {
    const { user } = await requireRole('admin');
    const { removed, waitingAlertIds } = await removeChannel(sharedContext(), id);
    if (!removed) throw new UserError('This alert channel no longer exists.');
    await auditWeb(user, 'channel.delete', id);
    return done(waitingAlertIds.length ? `Removed; ${waitingAlertIds.length} alerts waiting for it were dropped (see the alert log).` : 'Removed.');
  } catch (error) {
    return failedFormState(error, 'remove alert channel');
  }
}

/** Posts a test message now and reports Slack's answer (the channel's health follows it). */
export async function testChannelAction(id: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    await requireRole('admin');
    const outcome = await sendTestMessage(sharedContext(), id);
    revalidatePath('/settings');
    return outcome.ok
      ? { ok: true, errors: {}, message: 'Test message delivered.' }
      : { errors: { test: [outcome.error ?? 'failed'] }, message: `Test message failed: ${outcome.error ?? 'unknown error'}` };
  } catch (error) {
    return failedFormState(error, 'send test message');
  }
}

export async function setDefaultChannelAction(id: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    await setDefaultChannel(sharedContext(), id);
    await auditWeb(user, 'channel.default', id);
    return done('This is now the default channel.');
  } catch (error) {
    return failedFormState(error, 'set default channel');
  }
}

/** Puts a dead job back on the jobs stream (as a manual run) or drops it. */
export async function deadLetterAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    if (form.get('do') === 'redrive') {
      if (!(await redriveDeadLetter(sharedContext(), id, { as: 'manual' }))) throw new UserError('This dead letter is already gone.');
      await auditWeb(user, 'dead-letter.redrive', id);
      return done('Redriven: the job is back in the queue.');
    }
    if (!(await discardDeadLetter(sharedContext(), id))) throw new UserError('This dead letter is already gone.');
    await auditWeb(user, 'dead-letter.discard', id);
    return done('Discarded.');
  } catch (error) {
    return failedFormState(error, 'dead letter action');
  }
}
