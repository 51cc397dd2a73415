/**
 * Channels between tasks and threads: {@link dev.jawait.channel.Oneshot} for one value,
 * {@link dev.jawait.channel.Channel} (bounded with back-pressure, or unbounded; many producers and
 * consumers), {@link dev.jawait.channel.Broadcast} (every subscriber sees every message) and
 * {@link dev.jawait.channel.Watch} (the newest value of something that changes);
 * {@link dev.jawait.channel.FlowReceiver} receives a reactive-streams publisher's items, and
 * {@link dev.jawait.channel.FlowPublisher} offers a channel's messages to a reactive subscriber.
 * Receives are cancellation safe: a cancelled receive never loses a message.
 */
package dev.jawait.channel;
