'use client';

import { useActionState } from 'react';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';

const noAction = async (state: FormState): Promise<FormState> => state;

export interface DeadLetterRowData {
  id: string;
  monitorId: string;
  monitorName: string;
  fireTime: string;
  deadAt: string;
  deliveries: number;
  lastError: string;
}

/** One job that failed too many deliveries: redrive it (run it again now) or discard it. */
/** Without `act` (a viewer) the row has no buttons. */
export function DeadLetterRow({ letter, act }: { letter: DeadLetterRowData; act?: (state: FormState, form: FormData) => Promise<FormState> }) {
  const [state, action, pending] = useActionState(act ?? noAction, emptyFormState);
  return (
    <tr>
      <td data-label="Monitor"><a href={`/monitors/${letter.monitorId}`}>{letter.monitorName}</a></td>
      <td data-label="Fire time">{letter.fireTime}</td>
      <td data-label="Dead since">{letter.deadAt}</td>
      <td data-label="Deliveries" className="num">{letter.deliveries}</td>
      <td data-label="Last error">{letter.lastError}</td>
      <td data-label="Actions">
        {act && <form action={action} className="action-row">
          <button type="submit" name="do" value="redrive" disabled={pending}>Redrive</button>
          <button type="submit" name="do" value="discard" disabled={pending}>Discard</button>
        </form>}
        <div aria-live="polite">{state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}</div>
      </td>
    </tr>
  );
}
