import { io, type Socket } from 'socket.io-client';

/**
 * A meeting's members must meet on one node (their seats live in its memory): the meeting
 * sockets get a connection of their own, marked `?lane=meeting`, which the documented proxies
 * send to one node (docs/operations.md).
 */
export const MEETING_LANE = { forceNew: true, query: { lane: 'meeting' } } as const;

export type Role = 'client' | 'staff';
export type Phase = 'setup' | 'joining' | 'waiting' | 'in_call' | 'left' | 'refused';

interface ServerState {
  role: Role;
  admitted: boolean;
  peer: { status: 'absent' | 'waiting' | 'present'; instance: string | null };
}
interface Signal {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}
export interface ChatLine {
  seq: number;
  author: Role;
  body: string;
  at: string;
  mine: boolean;
}
type Ack = { ok: boolean; error?: { code: string } } & Record<string, unknown>;

/** A random URL-safe key (24 characters): a tab's seat or a page load's instance. */
export const randomKey = (): string => {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

/** The tab's seat in one meeting: kept across reloads of the tab, so a reload is no second person. */
export function seatKey(meetingKey: string): string {
  const name = `opintori-meeting-seat:${meetingKey}`;
  try {
    const existing = sessionStorage.getItem(name);
    if (existing) return existing;
    const fresh = randomKey();
    sessionStorage.setItem(name, fresh);
    return fresh;
  } catch {
    return randomKey();
  }
}

/** Why media could not be had, as a message key suffix. */
export function mediaErrorCode(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'permission';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_device';
  if (name === 'NotReadableError') return 'device_busy';
  return 'media';
}

/**
 * One side of a video meeting: local media, the signalling socket and the peer connection.
 * The counsellor always makes the offers, so the two sides never offer at once; after a
 * dropped socket or a failed connection the counsellor restarts ICE on the same connection.
 */
export class MeetingSession {
  phase = $state<Phase>('setup');
  socketState = $state<'offline' | 'connected' | 'reconnecting'>('offline');
  connectionState = $state<RTCPeerConnectionState>('new');
  peerStatus = $state<'absent' | 'waiting' | 'present'>('absent');
  errorCode = $state<string | null>(null);
  mediaError = $state<string | null>(null);
  framesDecoded = $state(0);
  lines = $state<ChatLine[]>([]);
  muted = $state(false);
  cameraOff = $state(false);
  audioOnly = $state(false);
  sharing = $state(false);
  cameras = $state<MediaDeviceInfo[]>([]);
  microphones = $state<MediaDeviceInfo[]>([]);
  cameraId = $state('');
  microphoneId = $state('');
  localStream = $state<MediaStream | null>(null);
  remoteStream = $state<MediaStream | null>(null);

  private socket: Socket | null = null;
  private pc: RTCPeerConnection | null = null;
  private pcPeerInstance: string | null = null;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private iceServers: RTCIceServer[] = [];
  private screenTrack: MediaStreamTrack | null = null;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private readonly seat: string;
  private readonly instance = randomKey();

  constructor(
    readonly role: Role,
    private readonly auth: { token: string } | { appointmentId: string },
  ) {
    this.seat = seatKey('token' in auth ? auth.token.slice(0, 16) : auth.appointmentId);
  }

  static isSupported(): boolean {
    return (
      typeof RTCPeerConnection !== 'undefined' &&
      typeof navigator !== 'undefined' &&
      !!navigator.mediaDevices?.getUserMedia
    );
  }

  /** Camera and microphone for the preview; the chosen devices, or the defaults. */
  async startPreview(): Promise<void> {
    this.mediaError = null;
    const wantVideo = !this.audioOnly && !this.cameraOff;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: this.microphoneId ? { deviceId: { exact: this.microphoneId } } : true,
        video: wantVideo ? (this.cameraId ? { deviceId: { exact: this.cameraId } } : true) : false,
      });
      this.localStream?.getTracks().forEach((track) => track.stop());
      this.localStream = stream;
      stream.getAudioTracks().forEach((track) => (track.enabled = !this.muted));
      await this.listDevices();
      await this.sendLocalTracks();
    } catch (error) {
      this.mediaError = mediaErrorCode(error);
    }
  }

  private async listDevices() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    this.cameras = devices.filter((d) => d.kind === 'videoinput' && d.deviceId);
    this.microphones = devices.filter((d) => d.kind === 'audioinput' && d.deviceId);
    const video = this.localStream?.getVideoTracks()[0]?.getSettings().deviceId;
    const audio = this.localStream?.getAudioTracks()[0]?.getSettings().deviceId;
    if (video) this.cameraId = video;
    if (audio) this.microphoneId = audio;
  }

  toggleMute(): void {
    this.muted = !this.muted;
    this.localStream?.getAudioTracks().forEach((track) => (track.enabled = !this.muted));
  }

  async toggleCamera(): Promise<void> {
    this.cameraOff = !this.cameraOff;
    await this.startPreview();
  }

  async setAudioOnly(on: boolean): Promise<void> {
    this.audioOnly = on;
    await this.startPreview();
  }

  /** Enters the meeting: the counsellor's room, or the client's waiting room. */
  join(): void {
    if (this.socket) return;
    this.phase = 'joining';
    this.errorCode = null;
    const socket = io('/meeting', {
      auth: { ...this.auth, seat: this.seat, instance: this.instance },
      withCredentials: true,
      ...MEETING_LANE,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.socketState = 'connected';
      socket.emit('hello', (ack: Ack) => {
        if (!ack.ok) return this.refuse(ack.error?.code);
        this.iceServers = (ack.iceServers as RTCIceServer[]) ?? [];
        // The conversation's earlier lines (the chat before a video call, a booking's note).
        for (const line of (ack.history as Omit<ChatLine, 'mine'>[] | undefined) ?? []) {
          this.addLine({ ...line, mine: line.author === this.role });
        }
        void this.apply(ack.state as ServerState, true);
      });
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      // A refusal by the server is final; a network error is retried by the socket.
      if (error.data?.code) this.refuse(error.data.code);
      else if (this.phase === 'joining') this.socketState = 'reconnecting';
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.socketState = 'reconnecting';
      if (reason === 'io server disconnect') this.refuse('meeting.replaced');
    });
    socket.on('state', (state: ServerState) => void this.apply(state, false));
    socket.on('signal', (signal: Signal) => void this.onSignal(signal));
    socket.on('chat', (line: Omit<ChatLine, 'mine'>) => this.addLine({ ...line, mine: false }));
    // The chat this call belonged to was closed: the call is over for good.
    socket.on('ended', (reason: { code?: string } | undefined) => {
      this.refuse(reason?.code ?? 'meeting.chat_closed');
      void this.stopSharing();
    });
  }

  private refuse(code: string | undefined) {
    this.errorCode = code ?? 'generic';
    this.phase = 'refused';
    this.teardown();
  }

  private async apply(state: ServerState, fresh: boolean) {
    this.peerStatus = state.peer.status;
    if (this.role === 'client' && !state.admitted) {
      this.phase = 'waiting';
      return;
    }
    this.phase = 'in_call';
    if (state.peer.status !== 'present') return;
    const samePeer = this.pc && this.pcPeerInstance === state.peer.instance;
    if (!samePeer) {
      this.closePeer();
      this.pcPeerInstance = state.peer.instance;
      // The client waits for the counsellor's offer; the counsellor makes one now.
      if (this.role === 'staff') await this.offer(false);
    } else if (this.role === 'staff' && (fresh || this.connectionState !== 'connected')) {
      await this.offer(true);
    }
  }

  private createPeer(): RTCPeerConnection {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pc = pc;
    this.pendingCandidates = [];
    const remote = new MediaStream();
    this.remoteStream = remote;
    pc.ontrack = (event) => {
      remote.addTrack(event.track);
      // A new object, so the video element is given the stream again with the new track.
      this.remoteStream = new MediaStream(remote.getTracks());
    };
    pc.onicecandidate = (event) => {
      if (event.candidate) this.send({ candidate: event.candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      this.connectionState = pc.connectionState;
      if (pc.connectionState === 'failed' && this.role === 'staff' && this.socketState === 'connected')
        void this.offer(true);
    };
    this.statsTimer = setInterval(() => void this.readStats(), 1000);
    return pc;
  }

  private async readStats() {
    if (!this.pc) return;
    const stats = await this.pc.getStats();
    let frames = 0;
    stats.forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
    });
    this.framesDecoded = frames;
  }

  /** Puts the current microphone and camera (or screen) on the connection, without renegotiating. */
  private async sendLocalTracks() {
    if (!this.pc) return;
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track =
        kind === 'audio'
          ? (this.localStream?.getAudioTracks()[0] ?? null)
          : (this.screenTrack ?? this.localStream?.getVideoTracks()[0] ?? null);
      if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
    }
  }

  private async offer(iceRestart: boolean) {
    let pc = this.pc;
    if (!pc) {
      pc = this.createPeer();
      pc.addTransceiver('audio', { direction: 'sendrecv' });
      pc.addTransceiver('video', { direction: 'sendrecv' });
      await this.sendLocalTracks();
    }
    const offer = await pc.createOffer({ iceRestart });
    await pc.setLocalDescription(offer);
    this.send({ description: { type: offer.type, sdp: offer.sdp ?? '' } });
  }

  private async onSignal(signal: Signal) {
    try {
      if (signal.description) {
        if (signal.description.type === 'offer') {
          const pc = this.pc ?? this.createPeer();
          await pc.setRemoteDescription(signal.description);
          for (const t of pc.getTransceivers()) t.direction = 'sendrecv';
          await this.sendLocalTracks();
          const answer = await pc.createAnswer();
          await pc.setLocalDescription(answer);
          this.send({ description: { type: answer.type, sdp: answer.sdp ?? '' } });
        } else if (this.pc) {
          await this.pc.setRemoteDescription(signal.description);
        }
        for (const candidate of this.pendingCandidates.splice(0)) await this.pc?.addIceCandidate(candidate);
      }
      if (signal.candidate) {
        if (this.pc?.remoteDescription) await this.pc.addIceCandidate(signal.candidate);
        else this.pendingCandidates.push(signal.candidate);
      }
    } catch {
      // A stale signal from before a restart: the next offer brings the connection back.
    }
  }

  private send(signal: Signal) {
    this.socket?.emit('signal', signal, () => undefined);
  }

  /** The counsellor lets the waiting client in. */
  admit(): void {
    this.socket?.emit('admit', {}, (ack: Ack) => {
      if (!ack.ok) this.errorCode = ack.error?.code ?? 'generic';
    });
  }

  /** The counsellor's screen instead of the camera, on the same connection. */
  async shareScreen(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
      const track = stream.getVideoTracks()[0] ?? null;
      if (!track) return;
      track.onended = () => void this.stopSharing();
      this.screenTrack = track;
      this.sharing = true;
      await this.sendLocalTracks();
    } catch (error) {
      this.mediaError = mediaErrorCode(error) === 'permission' ? 'screen_permission' : 'media';
    }
  }

  async stopSharing(): Promise<void> {
    this.screenTrack?.stop();
    this.screenTrack = null;
    this.sharing = false;
    await this.sendLocalTracks();
  }

  sendChat(body: string): Promise<boolean> {
    const clientMsgId = randomKey().slice(0, 20);
    return new Promise((resolve) => {
      if (!this.socket) return resolve(false);
      this.socket.timeout(10_000).emit('chat', { clientMsgId, body }, (error: unknown, ack: Ack) => {
        if (error || !ack.ok) {
          this.errorCode = (ack?.error?.code as string | undefined) ?? 'generic';
          return resolve(false);
        }
        this.addLine({ ...(ack.line as Omit<ChatLine, 'mine'>), mine: true });
        resolve(true);
      });
    });
  }

  private addLine(line: ChatLine) {
    if (!this.lines.some((l) => l.seq === line.seq))
      this.lines = [...this.lines, line].sort((a, b) => a.seq - b.seq);
  }

  private closePeer() {
    clearInterval(this.statsTimer);
    this.pc?.close();
    this.pc = null;
    this.remoteStream = null;
    this.connectionState = 'new';
    this.framesDecoded = 0;
  }

  private teardown() {
    this.closePeer();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.socketState = 'offline';
  }

  /** Leaves the meeting; the camera stays off until the person joins again. */
  leave(): void {
    this.teardown();
    void this.stopSharing();
    this.phase = 'left';
  }

  /** Stops everything when the page goes away. */
  destroy(): void {
    this.teardown();
    this.screenTrack?.stop();
    this.localStream?.getTracks().forEach((track) => track.stop());
  }
}
