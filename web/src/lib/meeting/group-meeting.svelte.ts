/* eslint-disable svelte/prefer-svelte-reactivity -- the connections and streams are bookkeeping;
   the page reads them through `remotes`, which is rebuilt whenever they change. */
import { io, type Socket } from 'socket.io-client';
import { MEETING_LANE, mediaErrorCode, randomKey, seatKey } from './meeting.svelte';

/** As the server names them: a registrant with a place is a participant. */
export type GroupRole = 'staff' | 'participant';
export type GroupPhase = 'setup' | 'joining' | 'waiting' | 'in_call' | 'left' | 'refused';

export interface GroupMember {
  id: string;
  role: GroupRole;
  /** Null for a registrant who gave no name. */
  name: string | null;
  /** The order they came in: tells unnamed registrants apart. */
  number: number;
  admitted: boolean;
}
interface GroupState {
  me: { id: string; role: GroupRole; admitted: boolean };
  members: GroupMember[];
}
interface Signal {
  from: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}
export interface MeetingInfo {
  title: string;
  startsAt: string;
  endsAt: string;
}
/** Why the server turned the member away: a code and, for `meeting.not_open`, the opening hours. */
export interface Refusal {
  code: string;
  details?: { opensAt?: string; closesAt?: string };
}
/** Another admitted member as the page shows them: their name and the media from them. */
export interface Remote {
  id: string;
  name: string | null;
  number: number;
  role: GroupRole;
  stream: MediaStream | null;
  connectionState: RTCPeerConnectionState;
}
/** A registrant joins with the link's token (and a name), staff with the event's id. */
export type GroupAuth = { token: string } | { eventId: string };

interface Peer {
  pc: RTCPeerConnection;
  pending: RTCIceCandidateInit[];
}
type Ack = { ok: boolean; error?: { code: string } } & Record<string, unknown>;

/**
 * One member's side of a group meeting: local media, the signalling socket and a peer connection
 * to each other admitted member (a mesh). Of each pair the member whose id sorts first offers,
 * so two members never offer to each other at once; any new offer starts a fresh connection.
 */
export class GroupMeetingSession {
  phase = $state<GroupPhase>('setup');
  socketState = $state<'offline' | 'connected' | 'reconnecting'>('offline');
  refusal = $state<Refusal | null>(null);
  /** Why the camera or microphone could not be had (a suffix of the media message keys). */
  mediaError = $state<string | null>(null);
  /** What the member takes part with after a media failure: 'audio_only' or 'none'. */
  mediaFallback = $state<'audio_only' | 'none' | null>(null);
  actionError = $state<string | null>(null);
  meeting = $state<MeetingInfo | null>(null);
  me = $state.raw<GroupState['me'] | null>(null);
  members = $state.raw<GroupMember[]>([]);
  remotes = $state.raw<Remote[]>([]);
  localStream = $state.raw<MediaStream | null>(null);
  muted = $state(false);
  cameraOff = $state(false);

  private socket: Socket | null = null;
  private readonly peers = new Map<string, Peer>();
  private readonly streams = new Map<string, MediaStream>();
  private iceServers: RTCIceServer[] = [];
  private readonly seat: string;
  private destroyed = false;

  constructor(
    readonly role: GroupRole,
    private readonly auth: GroupAuth,
  ) {
    this.seat = seatKey('token' in auth ? `group:${auth.token.slice(0, 16)}` : `group:${auth.eventId}`);
  }

  static isSupported(): boolean {
    return (
      typeof RTCPeerConnection !== 'undefined' &&
      typeof navigator !== 'undefined' &&
      !!navigator.mediaDevices?.getUserMedia
    );
  }

  /** The admitted members other than oneself. */
  get others(): GroupMember[] {
    return this.members.filter((m) => m.admitted && m.id !== this.me?.id);
  }

  /** Those waiting to be let in (staff see them; a registrant sees none). */
  get waiting(): GroupMember[] {
    return this.members.filter((m) => !m.admitted && m.id !== this.me?.id);
  }

  /** Camera and microphone; the microphone alone if the camera fails; nothing if both fail. */
  private async startMedia() {
    this.mediaError = null;
    this.mediaFallback = null;
    let stream: MediaStream | null = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      this.cameraOff = false;
    } catch (error) {
      this.mediaError = mediaErrorCode(error);
      this.cameraOff = true;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        this.mediaFallback = 'audio_only';
      } catch {
        this.mediaFallback = 'none';
      }
    }
    stream?.getAudioTracks().forEach((track) => (track.enabled = !this.muted));
    this.localStream = stream;
  }

  /** Starts the camera and microphone and enters the room (or its waiting room). */
  async join(name = ''): Promise<void> {
    if (this.socket || this.phase === 'joining') return;
    this.phase = 'joining';
    this.refusal = null;
    this.actionError = null;
    if (!this.localStream) await this.startMedia();
    // The page went away while the browser asked for the camera.
    if (this.destroyed) return this.stopMedia();
    const trimmed = name.trim().slice(0, 40);
    // A fresh id on every join: the others start new connections to this page.
    const auth = {
      ...this.auth,
      ...(trimmed && 'token' in this.auth ? { name: trimmed } : {}),
      seat: this.seat,
      instance: randomKey(),
    };
    const socket = io('/group-meeting', { auth, withCredentials: true, ...MEETING_LANE });
    this.socket = socket;
    socket.on('connect', () => {
      this.socketState = 'connected';
      socket.emit('hello', (ack: Ack) => {
        if (!ack.ok) return this.refuse({ code: ack.error?.code ?? 'generic' });
        this.iceServers = (ack.iceServers as RTCIceServer[] | undefined) ?? [];
        this.meeting = (ack.meeting as MeetingInfo | undefined) ?? this.meeting;
        this.apply(ack.state as GroupState, true);
      });
    });
    socket.on('connect_error', (error: Error & { data?: Refusal }) => {
      // A refusal by the server is final; a network error is retried by the socket.
      if (error.data?.code) this.refuse(error.data);
      else this.socketState = 'reconnecting';
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') return this.refuse({ code: 'meeting.replaced' });
      this.socketState = 'reconnecting';
    });
    socket.on('state', (state: GroupState) => this.apply(state, false));
    socket.on('signal', (signal: Signal) => void this.onSignal(signal));
  }

  private refuse(refusal: Refusal) {
    this.refusal = { code: refusal.code, details: refusal.details };
    this.phase = 'refused';
    this.teardown();
    this.stopMedia();
  }

  private isOfferer(id: string): boolean {
    return !!this.me && this.me.id < id;
  }

  /** Follows the server's view: connections to new members, none to those who left or reloaded. */
  private apply(state: GroupState, fresh: boolean) {
    this.me = state.me;
    this.members = state.members;
    if (!state.me.admitted) {
      this.phase = 'waiting';
      for (const id of [...this.peers.keys()]) this.closePeer(id);
      return this.syncRemotes();
    }
    this.phase = 'in_call';
    const others = this.others;
    const ids = new Set(others.map((m) => m.id));
    for (const id of [...this.peers.keys()]) if (!ids.has(id)) this.closePeer(id);
    // After a reconnect the others may have dropped their side: the offerer starts afresh.
    for (const member of others) {
      if (this.isOfferer(member.id) && (fresh || !this.peers.has(member.id))) void this.offer(member.id);
    }
    this.syncRemotes();
  }

  /** The list the page shows, rebuilt from the members and the media that came in. */
  private syncRemotes() {
    this.remotes = this.others.map((member) => ({
      id: member.id,
      name: member.name,
      number: member.number,
      role: member.role,
      stream: this.streams.get(member.id) ?? null,
      connectionState: this.peers.get(member.id)?.pc.connectionState ?? 'new',
    }));
  }

  private createPeer(id: string): RTCPeerConnection {
    this.closePeer(id);
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.peers.set(id, { pc, pending: [] });
    const isCurrent = () => this.peers.get(id)?.pc === pc;
    const tracks: MediaStreamTrack[] = [];
    pc.ontrack = (event) => {
      if (!isCurrent()) return;
      tracks.push(event.track);
      // A new object, so the video element is given the stream again with the new track.
      this.streams.set(id, new MediaStream(tracks));
      this.syncRemotes();
    };
    pc.onicecandidate = (event) => {
      if (event.candidate && isCurrent()) this.send(id, { candidate: event.candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      if (!isCurrent()) return;
      this.syncRemotes();
      if (pc.connectionState === 'failed' && this.isOfferer(id) && this.socketState === 'connected')
        void this.offer(id);
    };
    return pc;
  }

  /** Puts the current microphone and camera on a connection's senders, without renegotiating. */
  private async sendLocalTracks(pc: RTCPeerConnection) {
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.currentDirection === 'stopped') continue;
      const kind = transceiver.receiver.track.kind;
      const track =
        (kind === 'audio' ? this.localStream?.getAudioTracks()[0] : this.localStream?.getVideoTracks()[0]) ??
        null;
      if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
    }
  }

  private async offer(id: string) {
    const pc = this.createPeer(id);
    try {
      pc.addTransceiver('audio', { direction: 'sendrecv' });
      pc.addTransceiver('video', { direction: 'sendrecv' });
      await this.sendLocalTracks(pc);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      if (this.peers.get(id)?.pc === pc)
        this.send(id, { description: { type: offer.type, sdp: offer.sdp ?? '' } });
    } catch {
      // The connection was closed meanwhile (the member left): nothing to offer to.
    }
  }

  private async onSignal({ from, description, candidate }: Signal) {
    try {
      if (description?.type === 'offer') {
        const pc = this.createPeer(from);
        await pc.setRemoteDescription(description);
        for (const transceiver of pc.getTransceivers()) transceiver.direction = 'sendrecv';
        await this.sendLocalTracks(pc);
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.send(from, { description: { type: answer.type, sdp: answer.sdp ?? '' } });
        await this.flushCandidates(from, pc);
      } else if (description?.type === 'answer') {
        const pc = this.peers.get(from)?.pc;
        if (pc?.signalingState !== 'have-local-offer') return;
        await pc.setRemoteDescription(description);
        await this.flushCandidates(from, pc);
      }
      if (candidate) {
        const peer = this.peers.get(from);
        if (peer?.pc.remoteDescription) await peer.pc.addIceCandidate(candidate);
        else peer?.pending.push(candidate);
      }
    } catch {
      // A stale signal for a connection already replaced: the newer offer brings it back.
    }
  }

  private async flushCandidates(id: string, pc: RTCPeerConnection) {
    const peer = this.peers.get(id);
    if (peer?.pc !== pc) return;
    for (const candidate of peer.pending.splice(0)) await pc.addIceCandidate(candidate);
  }

  private send(to: string, signal: Omit<Signal, 'from'>) {
    this.socket?.emit('signal', { to, ...signal }, () => undefined);
  }

  private onAck = (ack: Ack) => {
    if (!ack.ok) this.actionError = ack.error?.code ?? 'generic';
  };

  /** Staff let one waiting registrant in. */
  admit(id: string): void {
    this.actionError = null;
    this.socket?.emit('admit', { id }, this.onAck);
  }

  /** Staff let everyone waiting in. */
  admitAll(): void {
    this.actionError = null;
    this.socket?.emit('admitAll', this.onAck);
  }

  toggleMute(): void {
    this.muted = !this.muted;
    this.localStream?.getAudioTracks().forEach((track) => (track.enabled = !this.muted));
  }

  /** Turns the camera off (the light goes out) or on again, on every connection at once. */
  async toggleCamera(): Promise<void> {
    const audio = this.localStream?.getAudioTracks() ?? [];
    if (!this.cameraOff) {
      this.localStream?.getVideoTracks().forEach((track) => track.stop());
      this.localStream = new MediaStream(audio);
      this.cameraOff = true;
    } else {
      try {
        const video = await navigator.mediaDevices.getUserMedia({ video: true });
        this.localStream = new MediaStream([...audio, ...video.getVideoTracks()]);
        this.cameraOff = false;
        this.mediaError = null;
        this.mediaFallback = null;
      } catch (error) {
        this.mediaError = mediaErrorCode(error);
        return;
      }
    }
    await Promise.all([...this.peers.values()].map((peer) => this.sendLocalTracks(peer.pc)));
  }

  private closePeer(id: string) {
    this.peers.get(id)?.pc.close();
    this.peers.delete(id);
    this.streams.delete(id);
  }

  private teardown() {
    for (const id of [...this.peers.keys()]) this.closePeer(id);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.socketState = 'offline';
    this.members = [];
    this.syncRemotes();
  }

  private stopMedia() {
    this.localStream?.getTracks().forEach((track) => track.stop());
    this.localStream = null;
  }

  /** Leaves the room; the camera goes off until the person joins again. */
  leave(): void {
    this.teardown();
    this.stopMedia();
    this.phase = 'left';
  }

  /** Stops everything when the page goes away. */
  destroy(): void {
    this.destroyed = true;
    this.teardown();
    this.stopMedia();
  }
}
