import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { chats, connectParticipants, connectSessions, messages, usageEvents } from "@/server/db/schema";
import { chatReply } from "@/server/chat/generate/chat-reply";
import { roomReply } from "@/server/rooms/room-reply";
import { deleteExpiredRooms } from "@/server/rooms/rooms";
import { collectEvents, importTestCharacter, LORE_CONTENT, LORE_KEYWORD, streamedText } from "@/server/testing/chat";
import { describeWithDatabases } from "@/server/testing/databases";
import { textOf } from "@/server/testing/llm-server/scripts";
import { withTestLlm } from "@/server/testing/test-llm";
import { signedUpCaller } from "@/server/testing/trpc";

const llm = withTestLlm();

const GONE = { code: "NOT_FOUND", message: "This room does not exist or has closed." };
const THUMBNAIL = "data:image/png;base64,iVBORw0KGgo=";
const quick = (name: string) => ({ kind: "quick" as const, name, description: `${name} is quick.`, thumbnail: THUMBNAIL, talkativeness: 0.5 });
let peers = 0;
const newPeerId = () => `peer-room-${String(++peers).padStart(6, "0")}`;

describeWithDatabases("rooms router", (database) => {
  /** A host who has created a room and opened its page (which takes the host's seat). */
  async function openRoom(options: { maxParticipants?: number } = {}) {
    const host = await signedUpCaller(database(), "host");
    const room = await host.caller.rooms.create({ title: "Tea party", maxParticipants: options.maxParticipants ?? 8, isPublic: false, expiresInMinutes: 60, turnPolicy: "round_robin", maxAiRepliesPerMessage: 3 });
    const hostPeerId = newPeerId();
    const hostSeat = await host.caller.rooms.join({ slug: room.shortSlug, peerId: hostPeerId, character: quick("Iris") });
    return { host, room, hostPeerId, hostSeat };
  }

  async function guestJoins(slug: string, name = "guest") {
    const guest = await signedUpCaller(database(), name);
    const peerId = newPeerId();
    const seat = await guest.caller.rooms.join({ slug, peerId, character: quick(`${name} character`) });
    return { guest, peerId, seat };
  }

  it("creates a room with short and long links; the host's page opens it and guests join through either", async () => {
    const { room, hostPeerId, hostSeat } = await openRoom();
    expect(room.shortSlug).toMatch(/^[1-9A-HJ-NP-Za-km-z]{12}$/);
    expect(hostSeat).toMatchObject({ roomId: room.id, isHost: true, hostPeerId });
    const { guest, seat } = await guestJoins(room.longSlug);
    expect(seat).toMatchObject({ roomId: room.id, isHost: false, hostPeerId });
    expect(seat.ticket).toMatch(/^rt1\./);
    expect(await guest.caller.rooms.lobby({ slug: room.shortSlug })).toMatchObject({ title: "Tea party", isHost: false, seatsTaken: 2, maxParticipants: 8, mySeat: { participantId: seat.participantId } });
  });

  it("enforces the participant limit at join, and frees a seat when someone leaves", async () => {
    const { room } = await openRoom({ maxParticipants: 2 });
    const first = await guestJoins(room.shortSlug, "first");
    const late = await signedUpCaller(database(), "late");
    await expect(late.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: quick("Late") })).rejects.toMatchObject({ code: "CONFLICT", message: "This room is full (2 of 2)." });
    await first.guest.caller.rooms.leave({ roomId: room.id });
    await expect(late.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: quick("Late") })).resolves.toMatchObject({ roomId: room.id });
  });

  it("lets a reload rejoin the same seat with its character, without counting twice", async () => {
    const { room } = await openRoom({ maxParticipants: 2 });
    const { guest, seat } = await guestJoins(room.shortSlug);
    const again = await guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId() });
    expect(again.participantId).toBe(seat.participantId);
    const rows = await database().db.select().from(connectParticipants).where(eq(connectParticipants.sessionId, room.id));
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === seat.participantId)?.characterName).toBe("guest character");
  });

  it("admits only a peer holding a ticket for its own seat, and only the host may ask", async () => {
    const { host, room } = await openRoom();
    const { guest, peerId, seat } = await guestJoins(room.shortSlug);
    const admission = { roomId: room.id, participantId: seat.participantId, peerId, ticket: seat.ticket };
    expect(await host.caller.rooms.admit(admission)).toMatchObject({ participantId: seat.participantId, characterName: "guest character", characterThumbnail: THUMBNAIL, isHost: false, talkativeness: 0.5 });
    await expect(host.caller.rooms.admit({ ...admission, peerId: newPeerId() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(host.caller.rooms.admit({ ...admission, ticket: `${seat.ticket}x` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Another room's host cannot use this ticket, nor can the guest admit anyone.
    const other = await openRoom();
    await expect(other.host.caller.rooms.admit(admission)).rejects.toMatchObject(GONE);
    await expect(guest.caller.rooms.admit(admission)).rejects.toMatchObject(GONE);
    // A ticket from before a reload is worthless: it was bound to the old page's peer.
    await guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId() });
    await expect(host.caller.rooms.admit(admission)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps host actions for the host: a guest can neither kick, close, renew nor change the settings", async () => {
    const { host, room, hostSeat } = await openRoom();
    const { guest, seat } = await guestJoins(room.shortSlug);
    await expect(guest.caller.rooms.kick({ roomId: room.id, participantId: hostSeat.participantId })).rejects.toMatchObject(GONE);
    await expect(guest.caller.rooms.renew({ roomId: room.id })).rejects.toMatchObject(GONE);
    await expect(guest.caller.rooms.updateSettings({ roomId: room.id, turnPolicy: "manual", maxAiRepliesPerMessage: 1 })).rejects.toMatchObject(GONE);
    await guest.caller.rooms.close({ roomId: room.id });
    expect((await host.caller.rooms.lobby({ slug: room.shortSlug })).seatsTaken).toBe(2);
    await expect(host.caller.rooms.kick({ roomId: room.id, participantId: hostSeat.participantId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await host.caller.rooms.updateSettings({ roomId: room.id, turnPolicy: "manual", maxAiRepliesPerMessage: 1 });
    expect((await guest.caller.rooms.lobby({ slug: room.shortSlug })).settings).toEqual({ title: "Tea party", turnPolicy: "manual", maxAiRepliesPerMessage: 1 });
    expect(seat.participantId).toMatch(/^rpt_/);
  });

  it("a kicked participant cannot come back", async () => {
    const { host, room } = await openRoom();
    const { guest, seat } = await guestJoins(room.shortSlug);
    await host.caller.rooms.kick({ roomId: room.id, participantId: seat.participantId });
    await expect(guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId() })).rejects.toMatchObject({ code: "FORBIDDEN", message: "The host removed you from this room." });
    expect(await guest.caller.rooms.lobby({ slug: room.shortSlug })).toMatchObject({ kicked: true, mySeat: null });
  });

  it("records a departure only for the page that left, not for the one that replaced it", async () => {
    const { host, room } = await openRoom();
    const { guest, peerId, seat } = await guestJoins(room.shortSlug);
    await guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId() });
    await host.caller.rooms.recordDeparture({ roomId: room.id, participantId: seat.participantId, peerId });
    expect((await host.caller.rooms.lobby({ slug: room.shortSlug })).seatsTaken).toBe(2);
  });

  it("answers unknown, expired, closed and abandoned rooms the same way", async () => {
    const { host, room } = await openRoom();
    const visitor = await signedUpCaller(database(), "visitor");
    await expect(visitor.caller.rooms.lobby({ slug: "1111111111AA" })).rejects.toMatchObject(GONE);

    await database().db.update(connectSessions).set({ lastActivityAt: sql`now() - interval '2 minutes'` }).where(eq(connectSessions.id, room.id));
    await expect(visitor.caller.rooms.lobby({ slug: room.shortSlug })).rejects.toMatchObject(GONE);
    await database().db.update(connectSessions).set({ lastActivityAt: sql`now()` }).where(eq(connectSessions.id, room.id));
    await host.caller.rooms.renew({ roomId: room.id });

    await database().db.update(connectSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(connectSessions.id, room.id));
    await expect(visitor.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: quick("V") })).rejects.toMatchObject(GONE);
    await expect(host.caller.rooms.renew({ roomId: room.id })).rejects.toMatchObject(GONE);

    const second = await openRoom();
    await second.host.caller.rooms.close({ roomId: second.room.id });
    await expect(visitor.caller.rooms.lobby({ slug: second.room.shortSlug })).rejects.toMatchObject(GONE);
    expect(await deleteExpiredRooms(database().db)).toBeGreaterThanOrEqual(1);
    expect(await database().db.select().from(connectSessions).where(eq(connectSessions.id, room.id))).toHaveLength(0);
  });

  it("closes the room when its host's page is opened again (the first page, and the room in it, are gone)", async () => {
    const { host, room } = await openRoom();
    await expect(host.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId() })).rejects.toMatchObject({ code: "CONFLICT", message: "This room closed when you left its page. Create a new room to meet again." });
    await expect(host.caller.rooms.lobby({ slug: room.shortSlug })).rejects.toMatchObject(GONE);
  });

  it("lists the person's own rooms and public ones, not others' private rooms", async () => {
    const { host, room } = await openRoom();
    const stranger = await signedUpCaller(database(), "stranger");
    const open = await stranger.caller.rooms.create({ title: "Open house", maxParticipants: 4, isPublic: true, expiresInMinutes: 60, turnPolicy: "natural", maxAiRepliesPerMessage: 3 });
    await stranger.caller.rooms.join({ slug: open.shortSlug, peerId: newPeerId(), character: quick("S") });
    const listed = await host.caller.rooms.list();
    expect(listed.map((row) => row.id)).toEqual(expect.arrayContaining([room.id, open.id]));
    expect(listed.find((row) => row.id === open.id)).toMatchObject({ isMine: false, seatsTaken: 1 });
    expect((await stranger.caller.rooms.list()).map((row) => row.id)).not.toContain(room.id);
  });

  it("refuses bad characters and pictures with a clear message", async () => {
    const { room } = await openRoom();
    const guest = await signedUpCaller(database(), "picky");
    await expect(guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId() })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Choose a character to bring." });
    await expect(guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: { ...quick("X"), thumbnail: "data:image/svg+xml;base64,PHN2Zz4=" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: { kind: "library", characterId: "chr_notmine", thumbnail: null } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("generates a participant's turn with their own provider, room settings, card and the speaker-tagged history", async () => {
    const { room } = await openRoom();
    const guest = await signedUpCaller(database(), "speaker");
    await llm.connect(guest.caller);
    const characterId = await importTestCharacter(database().db, guest.userId);
    const seat = await guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: { kind: "library", characterId, thumbnail: null } });
    llm.script({ text: "Aye, the light burns.", chunks: ["Aye, ", "the light burns."] });
    const history = [
      { kind: "human" as const, participantId: seat.participantId, speakerName: "Ben", text: `Is the ${LORE_KEYWORD} lit?` },
      { kind: "character" as const, participantId: "rpt_someoneelse", speakerName: "Bram", text: "Ask Iris." },
    ];
    const events = await collectEvents(roomReply(database().db, guest.userId, { roomId: room.id, history, present: ["Host (with Iris)"] }, new AbortController().signal));
    expect(events.map((event) => event.type)).toEqual(["start", "text", "text", "done"]);
    expect(streamedText(events)).toBe("Aye, the light burns.");
    const [request] = llm.requests();
    expect(textOf(request?.messages[0]?.content)).toContain(LORE_CONTENT);
    expect(request?.messages.slice(1).map((message) => textOf(message.content))).toEqual([`Ben: Is the ${LORE_KEYWORD} lit?`, "Bram: Ask Iris.", expect.stringContaining("Reply only as Iris")]);
    const usage = await database().db.select().from(usageEvents).where(eq(usageEvents.userId, guest.userId));
    expect(usage).toMatchObject([{ scenario: "auto_reply", chatId: null }]);
  });

  it("gives a room turn the person's persona and name as {{user}}, the others by name, and what their character remembers", async () => {
    const { room } = await openRoom();
    const guest = await signedUpCaller(database(), "adalove");
    await llm.connect(guest.caller);
    const characterId = await importTestCharacter(database().db, guest.userId);
    await guest.caller.personas.create({ name: "Captain Ada", description: "{{user}} captains the Kestrel.", isDefault: true });
    // Something the character learnt in one of their one-to-one chats.
    const { id: chatId } = await guest.caller.chats.start({ characterId, personaId: null, greetingIndex: 0 });
    await guest.caller.chats.remember({ chatId, content: "Ada's ship, the Kestrel, has a red sail." });
    await guest.caller.chats.remember({ chatId, content: "Ada dislikes fog." });

    // No persona named: a first join takes the default one.
    const seat = await guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), character: { kind: "library", characterId, thumbnail: null } });
    const [stored] = await database().db.select().from(connectParticipants).where(eq(connectParticipants.id, seat.participantId));
    expect(stored?.personaId).not.toBeNull();
    llm.script({ text: "Welcome aboard, Captain Ada." });
    const history = [
      { kind: "human" as const, participantId: "rpt_hostseat", speakerName: "Hana", text: "Where is the Kestrel moored tonight?" },
      { kind: "human" as const, participantId: seat.participantId, speakerName: "adalove", text: "Iris, tell them where the Kestrel is." },
    ];
    await collectEvents(roomReply(database().db, guest.userId, { roomId: room.id, history, present: ["Hana (with Iris)"] }, new AbortController().signal));
    const [request] = llm.requests();
    const system = textOf(request?.messages[0]?.content);
    expect(system).toContain("About Captain Ada:\nCaptain Ada captains the Kestrel.");
    expect(system).toContain("Things to remember:\n- Ada's ship, the Kestrel, has a red sail.");
    expect(system).not.toMatch(/\{\{user\}\}|\bUser\b/);
    expect(request?.messages.slice(1).map((message) => textOf(message.content))).toEqual([
      "Hana: Where is the Kestrel moored tonight?",
      "adalove: Iris, tell them where the Kestrel is.",
      "Reply only as Iris, without a name prefix, in one message. You came with Captain Ada. Also in the room: Hana (with Iris).",
    ]);

    // Rejoining as themselves, they are called by their name.
    await guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), personaId: null });
    llm.script({ text: "Aye." });
    await collectEvents(roomReply(database().db, guest.userId, { roomId: room.id, history, present: [] }, new AbortController().signal));
    const again = llm.requests()[1];
    expect(textOf(again?.messages[0]?.content)).not.toContain("About Captain Ada");
    expect(textOf(again?.messages.at(-1)?.content)).toBe(`Reply only as Iris, without a name prefix, in one message. You came with ${guest.username}.`);

    // Someone else's persona is not theirs to bring.
    const other = await signedUpCaller(database(), "other");
    const { id: othersPersona } = await other.caller.personas.create({ name: "Not yours", description: "", isDefault: false });
    await expect(guest.caller.rooms.join({ slug: room.shortSlug, peerId: newPeerId(), personaId: othersPersona })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("generates only for someone seated in the room", async () => {
    const { room } = await openRoom();
    const outsider = await signedUpCaller(database(), "outsider");
    await llm.connect(outsider.caller);
    await expect(collectEvents(roomReply(database().db, outsider.userId, { roomId: room.id, history: [], present: [] }, new AbortController().signal))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(llm.requests()).toHaveLength(0);
  });

  it("saves the transcript into the participant's chats, with a quick character added to their library", async () => {
    const { room } = await openRoom();
    const { guest, seat } = await guestJoins(room.shortSlug, "saver");
    const { chatId } = await guest.caller.rooms.saveTranscript({
      roomId: room.id,
      messages: [
        { kind: "human", participantId: "rpt_host", speakerName: "Hana", text: "Welcome!" },
        { kind: "character", participantId: seat.participantId, speakerName: "saver character", text: "Thank you." },
      ],
    });
    const [chat] = await database().db.select().from(chats).where(eq(chats.id, chatId));
    expect(chat).toMatchObject({ userId: guest.userId, title: "Room: Tea party" });
    const saved = await database().db.select().from(messages).where(eq(messages.chatId, chatId)).orderBy(messages.sequence);
    // Each speaker's name is kept with the line (the chat shows it), not folded into the text.
    expect(saved.map(({ role, speakerName, content }) => ({ role, speakerName, content }))).toEqual([
      { role: "user", speakerName: "Hana", content: "Welcome!" },
      { role: "assistant", speakerName: null, content: "Thank you." },
    ]);
    const shown = await guest.caller.chats.byId({ id: chatId });
    expect(shown.messages.map(({ speakerName, content }) => ({ speakerName, content }))).toEqual([
      { speakerName: "Hana", content: "Welcome!" },
      { speakerName: null, content: "Thank you." },
    ]);

    // Going on one-to-one, the model still reads who said what.
    await llm.connect(guest.caller);
    llm.script({ text: "Indeed." });
    await collectEvents(chatReply(database().db, guest.userId, { action: "send", chatId, content: "Shall we go on?" }, new AbortController().signal));
    expect(llm.requests()[0]?.messages.slice(1, 4).map((message) => textOf(message.content))).toEqual(["Hana: Welcome!", "Thank you.", "Shall we go on?"]);
    const stranger = await signedUpCaller(database(), "nosy");
    await expect(stranger.caller.rooms.saveTranscript({ roomId: room.id, messages: [{ kind: "human", participantId: null, speakerName: "x", text: "y" }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
