export { Ownership, type OwnershipOptions, type OwnedParts } from './ownership.js';
export { AccountSeat, type OwnedAccount } from './account-seat.js';
export { DEFAULT_LEASE_TIMING, LeaseKeeper, type LeaseTiming } from './lease-keeper.js';
export { ChannelClient } from './channel-client.js';
export { fencedBroker } from './fenced-broker.js';
export { OwnerGone, ownerName } from './errors.js';
export { askOwner, type OwnerAnswer } from './ask-owner.js';
