import Link from 'next/link';

export const metadata = { title: 'Not allowed · imalert' };

/** What requireRole() shows (with status 403) to a user whose role does not allow the page. */
export default function Forbidden() {
  return (
    <div className="monitor-page">
      <h1>Not allowed</h1>
      <p>Your role does not allow this page. An admin can change your role.</p>
      <p><Link href="/">← Dashboard</Link></p>
    </div>
  );
}
