import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { AppError } from '../../../shared/errors.ts';
import {
  decodeFanoutMessage,
  encodeAccessChangedMessage,
  encodeCredentialsEndedMessage,
  encodeAwarenessMessage,
  encodeUpdatesMessage,
  FanoutMessageKind,
} from '../../../server/scale/fanoutMessages.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('fan-out messages', () => {
  it('round-trips a numbered batch of updates', () => {
    const encoded = encodeUpdatesMessage('node-a', 1_700_000_000_123.5, 41, [bytes(1, 2), bytes(), bytes(3)]);
    expect(decodeFanoutMessage(encoded)).toEqual({
      type: 'updates',
      instanceId: 'node-a',
      sentAt: 1_700_000_000_123.5,
      firstSeq: 41,
      updates: [bytes(1, 2), bytes(), bytes(3)],
    });
  });

  it('round-trips a presence change', () => {
    expect(decodeFanoutMessage(encodeAwarenessMessage('b', 5, bytes(9, 8, 7)))).toEqual({
      type: 'awareness',
      instanceId: 'b',
      sentAt: 5,
      update: bytes(9, 8, 7),
    });
  });

  it('round-trips ended credentials', () => {
    expect(decodeFanoutMessage(encodeCredentialsEndedMessage('d', 3, ['s1', 'tok_2']))).toEqual({
      type: 'credentialsEnded',
      instanceId: 'd',
      sentAt: 3,
      credentialIds: ['s1', 'tok_2'],
    });
    const whole = encodeCredentialsEndedMessage('d', 3, ['s1', 'tok_2']);
    expect(() => decodeFanoutMessage(whole.slice(0, -2))).toThrow(/malformed/);
  });

  it('round-trips an access change', () => {
    expect(decodeFanoutMessage(encodeAccessChangedMessage('c', 9, 'project_1'))).toEqual({
      type: 'accessChanged',
      instanceId: 'c',
      sentAt: 9,
      projectId: 'project_1',
    });
  });

  it('refuses truncated, padded, unknown and unnumbered messages as a whole', () => {
    const whole = encodeUpdatesMessage('a', 1, 3, [bytes(1, 2, 3)]);
    const padded = new Uint8Array([...whole, 0]);
    const unknown = encoding.createEncoder();
    encoding.writeVarUint(unknown, 7);
    encoding.writeVarString(unknown, 'a');
    encoding.writeFloat64(unknown, 1);
    const unnumbered = encodeUpdatesMessage('a', 1, 0, [bytes(1)]);
    const empty = encodeUpdatesMessage('a', 1, 5, []);
    for (const bad of [
      whole.subarray(0, whole.length - 1),
      padded,
      encoding.toUint8Array(unknown),
      unnumbered,
      empty,
      bytes(),
    ]) {
      expect(() => decodeFanoutMessage(bad)).toThrow(AppError);
    }
    expect(FanoutMessageKind.updates).not.toBe(FanoutMessageKind.awareness);
  });
});
