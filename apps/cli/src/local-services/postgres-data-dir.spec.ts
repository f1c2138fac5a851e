import { blockedDirectory, directoriesTo, type DirectoryMode } from './postgres-data-dir';

const postgres = { uid: 101, gid: 104 };
const dir = (path: string, mode: number, uid = 0, gid = 0): DirectoryMode => ({ path, mode, uid, gid });

describe('whether the postgres user can reach the data directory', () => {
  it('passes directories others may enter', () => {
    expect(blockedDirectory([dir('/', 0o755), dir('/work', 0o755), dir('/work/x', 0o711)], postgres)).toBe(
      undefined,
    );
  });

  it('names the first directory closed to it, such as root’s home or a mkdtemp directory', () => {
    const blocked = blockedDirectory(
      [dir('/', 0o755), dir('/root', 0o700), dir('/root/baton', 0o755)],
      postgres,
    );
    expect(blocked?.path).toBe('/root');
    expect(blockedDirectory([dir('/tmp', 0o1777), dir('/tmp/baton-x', 0o700)], postgres)?.path).toBe(
      '/tmp/baton-x',
    );
  });

  it('counts its own and its group’s permissions', () => {
    expect(blockedDirectory([dir('/srv/pg', 0o700, 101, 104)], postgres)).toBe(undefined);
    expect(blockedDirectory([dir('/srv/pg', 0o750, 0, 104)], postgres)).toBe(undefined);
    expect(blockedDirectory([dir('/srv/pg', 0o705, 0, 104)], postgres)?.path).toBe('/srv/pg');
  });

  it('lists every directory from the root down', () => {
    expect(directoriesTo('/work/wt/.baton')).toEqual(['/', '/work', '/work/wt', '/work/wt/.baton']);
    expect(directoriesTo('/')).toEqual(['/']);
  });
});
