import { conditionsIn, formatConditionValue } from '@/lib/checks/conditions';

/**
 * What the last run measured, condition by condition, node by node, against each threshold: from the
 * result's details.conditions, for any kind that keeps them. Nothing is shown for a kind that does not.
 */
export function ConditionTable({ details }: { details: unknown }) {
  const conditions = conditionsIn(details);
  if (conditions.length === 0) return null;
  const perNode = conditions.some((c) => c.node !== undefined);
  // Node by node, in the order the check met them; a node's conditions in the check's order.
  const nodes = [...new Set(conditions.map((c) => c.node ?? ''))];
  const ordered = nodes.flatMap((node) => conditions.filter((c) => (c.node ?? '') === node));
  const failing = conditions.filter((c) => !c.ok).length;
  return (
    <section aria-labelledby="conditions-heading" data-testid="conditions">
      <h2 id="conditions-heading">Last run{perNode ? ', per node' : ''}</h2>
      <p className="muted">{failing === 0 ? `All ${conditions.length} conditions met.` : `${failing} of ${conditions.length} conditions failed.`}</p>
      <div className="table-wrap">
        <table className="responsive conditions">
          <thead><tr>{perNode && <th>Node</th>}<th>Condition</th><th>Measured</th><th>Threshold</th><th>Result</th></tr></thead>
          <tbody>
            {ordered.map((c, i) => (
              <tr key={`${c.node ?? ''}-${c.name}-${i}`}>
                {perNode && <td data-label="Node">{c.node ?? '—'}</td>}
                <td data-label="Condition">{c.name}</td>
                <td data-label="Measured" className="num">{formatConditionValue(c.measured, c.unit)}</td>
                <td data-label="Threshold">{c.comparison} {formatConditionValue(c.threshold, c.unit)}</td>
                <td data-label="Result" className={c.ok ? '' : 'failed'}>{c.ok ? 'met' : 'failed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
