import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { changeRole, deleteUser, getUser, parseInput, setUserDisabled, toUserView, userChangeSchema } from '@/lib/users';
import { readJsonBody, withRole } from '../../../lib/api';
import { auditApi } from '../../../lib/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

const notFound = () => NextResponse.json({ error: 'No user with this id.' }, { status: 404 });

/** GET /api/users/:id (admins). */
export const GET = withRole('admin', async (_request: Request, { params }: Params) => {
  const user = await getUser(sharedContext(), (await params).id);
  return user ? NextResponse.json(toUserView(user)) : notFound();
});

/** PATCH /api/users/:id {role?, disabled?} : the last admin cannot be demoted or disabled (409). */
export const PATCH = withRole('admin', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  const change = parseInput(userChangeSchema, await readJsonBody(request), 'Nothing was changed: check the fields.');
  if (!(await getUser(ctx, id))) return notFound();
  if (change.role !== undefined) {
    const user = await changeRole(ctx, id, change.role);
    await auditApi(request, 'user.role', id, `${user.name} → ${user.role}`);
  }
  if (change.disabled !== undefined) {
    const user = await setUserDisabled(ctx, id, change.disabled);
    await auditApi(request, change.disabled ? 'user.disable' : 'user.enable', id, user.name);
  }
  return NextResponse.json(toUserView((await getUser(ctx, id))!));
});

/** DELETE /api/users/:id : with their tokens; their sessions end at once. */
export const DELETE = withRole('admin', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  const user = await getUser(ctx, id);
  if (!user) return notFound();
  await deleteUser(ctx, id);
  await auditApi(request, 'user.delete', id, user.name);
  return new NextResponse(null, { status: 204 });
});
