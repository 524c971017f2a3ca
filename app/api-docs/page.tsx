import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { OPERATIONS } from '@/lib/rest/operations';

export const metadata = { title: 'REST API · imalert' };

/** A readable list of the REST API; /api/openapi.json has the full schemas. */
export default async function ApiDocsPage() {
  await requireRole('viewer');
  const tags = [...new Set(OPERATIONS.map((o) => o.tag))];
  return (
    <div className="api-docs">
      <h1>REST API</h1>
      <p>
        Send <code>Authorization: Bearer &lt;token&gt;</code> (tokens are made in Settings) and JSON bodies. Errors are{' '}
        <code>{'{ "error": "…", "fieldErrors": { "field": ["…"] } }'}</code>. The whole description, with every field, is the{' '}
        <Link href="/api/openapi.json">OpenAPI document</Link>.
      </p>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          <table>
            <thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Answers</th></tr></thead>
            <tbody>
              {OPERATIONS.filter((o) => o.tag === tag).map((o) => (
                <tr key={`${o.method} ${o.path}`}>
                  <td><code>{o.method.toUpperCase()}</code></td>
                  <td>
                    <code>{o.path}</code>
                    {o.query && <div className="hint">{Object.entries(o.query).map(([name, what]) => `${name}: ${what}`).join(' · ')}</div>}
                  </td>
                  <td>{o.summary}</td>
                  <td>{Object.keys(o.responses).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
