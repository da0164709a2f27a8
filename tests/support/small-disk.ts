import { spawnSync } from 'node:child_process';
import { open, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../../scripts/browser-paths.mjs';
import { type Launched, launchChromium } from './browsers';

/** Whether this machine lets us mount a tmpfs in a mount namespace of our own (root, or user namespaces allowed). */
export function canMountSmallDisk(): { ok: true } | { ok: false; why: string } {
  const probe = spawnSync(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount -t tmpfs -o size=1m probe /tmp'],
    {
      encoding: 'utf8',
    },
  );
  if (probe.status === 0) return { ok: true };
  return { ok: false, why: (probe.error?.message ?? probe.stderr.trim()) || `exit ${probe.status}` };
}

const WRAPPER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'small-disk-chromium.sh');

/** The disk Chromium's profile lives on, which the test fills and frees from outside. */
export interface SmallDisk {
  /** Writes a file beside the profile until the disk has no free byte left. */
  fill(): Promise<void>;
  /** Deletes that file: the space is there again. */
  free(): Promise<void>;
  /** Free bytes on the disk, as the file system counts them. */
  freeBytes(): Promise<number>;
}

/**
 * Chromium with Marginalia, its profile on a tmpfs of `size` of its own: a real disk that
 * really fills up. Chromium exempts an extension with "unlimitedStorage" from quota (its
 * QuotaManager answers "no limit" for it, and Storage.overrideQuotaForOrigin changes only
 * what navigator.storage.estimate() reports), so a full disk is the way such an extension
 * runs out of space. Needs `unshare` with mount namespaces (root, or unprivileged user
 * namespaces).
 */
export async function launchChromiumOnSmallDisk(size = '64m'): Promise<{ launched: Launched; disk: SmallDisk }> {
  const launched = await launchChromium({
    executablePath: WRAPPER,
    env: { ...process.env, SMALL_DISK_SIZE: size, SMALL_DISK_CHROMIUM: chromiumPath() },
  });
  const chromium = launched.browser.process();
  const profile = chromium?.spawnargs.find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
  if (!chromium?.pid || !profile) throw new Error('no Chromium process or profile directory');
  // The tmpfs is mounted in Chromium's mount namespace only; its root shows it to us.
  const root = `/proc/${chromium.pid}/root${profile}`;
  const filler = path.join(root, 'disk-filler');
  const freeBytes = async () => {
    const stats = await statfs(root);
    return stats.bavail * stats.bsize;
  };
  if ((await freeBytes()) > parseSize(size)) throw new Error(`the profile is not on a ${size} disk`);
  return {
    launched,
    disk: {
      freeBytes,
      async fill() {
        const file = await open(filler, 'a');
        const chunk = Buffer.alloc(1 << 20, 0x5a);
        try {
          // Smaller and smaller writes until not one byte fits.
          for (let n = chunk.length; n >= 1; ) {
            try {
              await file.write(chunk, 0, n);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
              n >>= 1;
            }
          }
        } finally {
          await file.close();
        }
      },
      async free() {
        await rm(filler, { force: true });
      },
    },
  };
}

function parseSize(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  return Number(match[1]) * 1024 ** ' kmg'.indexOf((match[2] || ' ').toLowerCase());
}
