/**
 * Recode layers in the room names and the access rules: `layer:<documentId>:<coderId>~<roundId>`
 * parses to its owner's layer key, its owner writes it, and everyone else gets exactly what they
 * get for that coder's own layer (nothing in a blind round for coders and viewers).
 */
import { describe, expect, it } from 'vitest';
import { roomAccess, type AccessSubject } from '../../../shared/access.ts';
import {
  isRecodeLayer,
  layerOwner,
  parseRoomName,
  recodeLayerKey,
  roomName,
} from '../../../shared/protocol.ts';

const subject = (userId: string, role: AccessSubject['role']): AccessSubject => ({
  userId,
  role,
  isAdmin: false,
});
const blind = { blind: true, codersEditText: false };
const open = { blind: false, codersEditText: false };

describe('recode layer keys', () => {
  it('name a room of their own that parses back to the key, with its owner read off it', () => {
    const key = recodeLayerKey('u1', 'r9');
    expect(key).toBe('u1~r9');
    expect(roomName.layer('d1', key)).toBe('layer:d1:u1~r9');
    expect(parseRoomName('layer:d1:u1~r9')).toEqual({ kind: 'layer', documentId: 'd1', coderId: 'u1~r9' });
    expect(layerOwner(key)).toBe('u1');
    expect(layerOwner('u1')).toBe('u1');
    expect(isRecodeLayer(key)).toBe(true);
    expect(isRecodeLayer('u1')).toBe(false);
    for (const bad of ['layer:d1:u1~', 'layer:d1:~r9', 'layer:d1:u1~r9~r10', 'layer:d1:u1~r 9'])
      expect(parseRoomName(bad), bad).toBeNull();
  });

  it('are written by their coder and follow the blind rule of that coder’s layer for everyone else', () => {
    const room = { kind: 'layer', documentId: 'd1', coderId: recodeLayerKey('u1', 'r9') } as const;
    expect(roomAccess(subject('u1', 'coder'), room, blind)).toBe('write');
    expect(roomAccess(subject('u2', 'coder'), room, blind)).toBe('none');
    expect(roomAccess(subject('u2', 'coder'), room, open)).toBe('read');
    expect(roomAccess(subject('v', 'viewer'), room, blind)).toBe('none');
    expect(roomAccess(subject('rv', 'reviewer'), room, blind)).toBe('read');
    expect(roomAccess(subject('u1', 'viewer'), room, open)).toBe('read');
    // Nobody else's key grants write by containing their id elsewhere.
    const other = { kind: 'layer', documentId: 'd1', coderId: recodeLayerKey('u2', 'u1') } as const;
    expect(roomAccess(subject('u1', 'coder'), other, blind)).toBe('none');
  });
});
