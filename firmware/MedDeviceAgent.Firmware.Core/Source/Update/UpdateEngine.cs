using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The update state machine: verify, stage into the inactive slot (resumable), mark pending,
    /// test-boot, health check, confirm (only then raise the security-counter floor) or revert.
    /// Every state change is one power-safe <see cref="StateStore"/> record, written before the
    /// action it enables, so a power cut at any write leaves the device booting the old or the new
    /// image, never a mix, and never lowers the floor.
    /// </summary>
    /// <remarks>
    /// RAM: one staging block (<see cref="UpdateOptions.BlockSize"/>), one SHA-256, the state
    /// (about 1 KB) and the envelope while verifying (at most 8 KiB); staging allocates nothing per
    /// block, so memory does not grow with the payload size.
    /// Events: every decision goes to the <see cref="IEventSink"/> once it is durable (see
    /// <see cref="SecurityEventCode"/> for each detail); a dry-run <see cref="Verify"/> records its
    /// verdict too. A transport failure of the package source is not a verdict: the engine returns
    /// <see cref="UpdateResult.SourceUnavailable"/>, keeps what was staged, and a later
    /// <see cref="Install"/> of the same package resumes.
    /// Flash: a new staging deletes the inactive slot first, so no byte of an earlier image stays
    /// behind the new one (one extra delete per update).
    /// </remarks>
    public sealed class UpdateEngine
    {
        private readonly IStorage _storage;
        private readonly IClock _clock;
        private readonly IInstaller _installer;
        private readonly IIndicator _indicator;
        private readonly IHealthCheck _healthCheck;
        private readonly IEventSink _events;
        private readonly UpdateOptions _options;
        private readonly StateStore _store;
        private readonly DeviceState _device = new DeviceState();
        private readonly UpdateState _state;
        private readonly TrustState _trust;
        private readonly DeviceStateCodec _codec;
        private readonly DeviceRules _rules = new DeviceRules();
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private byte[] _block;
        private bool _loaded;

        /// <summary>Creates an engine over the platform seams; <paramref name="events"/> receives every decision it makes.</summary>
        public UpdateEngine(IStorage storage, IClock clock, IInstaller installer, IIndicator indicator, IHealthCheck healthCheck, IEventSink events, UpdateOptions options)
        {
            if (storage == null || clock == null || installer == null || indicator == null || healthCheck == null || events == null || options == null)
            {
                throw new ArgumentNullException(storage == null ? nameof(storage) : clock == null ? nameof(clock) : installer == null ? nameof(installer) : indicator == null ? nameof(indicator) : healthCheck == null ? nameof(healthCheck) : events == null ? nameof(events) : nameof(options));
            }

            _storage = storage;
            _clock = clock;
            _installer = installer;
            _indicator = indicator;
            _healthCheck = healthCheck;
            _events = events;
            _options = options;
            _store = new StateStore(storage);
            _state = _device.Update;
            _trust = _device.Trust;
            _codec = new DeviceStateCodec(_device);
        }

        /// <summary>The device state (trust and update state) as last loaded or saved.</summary>
        public DeviceState State
        {
            get { return _device; }
        }

        /// <summary>Optional: told after each payload block of <see cref="Verify"/> and <see cref="Install"/>.</summary>
        public PayloadProgressHandler PayloadProgress { get; set; }

        /// <summary>The slot the device booted from at the last <see cref="PowerOn"/>, or -1 (fault).</summary>
        public int BootedSlot { get; private set; }

        /// <summary>Storage name of a slot's image.</summary>
        public static string SlotName(int slot)
        {
            return slot == 0 ? "slot0.img" : "slot1.img";
        }

        /// <summary>
        /// Factory provisioning: stores the identity, the trust anchor and the initial image in slot 0
        /// as confirmed, with security floor <paramref name="initialCounter"/>.
        /// </summary>
        public void Provision(string vendorId, string deviceClass, string deviceId, TrustAnchor root, byte[] image, int major, int minor, int patch, long initialCounter)
        {
            if (root == null || image == null)
            {
                throw new ArgumentNullException(root == null ? nameof(root) : nameof(image));
            }

            DeviceState device = new DeviceState();
            device.Trust.SetIdentity(vendorId, deviceClass, deviceId);
            device.Trust.Root.CopyFrom(root);
            UpdateState fresh = device.Update;
            _storage.Delete(SlotName(0));
            _storage.Delete(SlotName(1));
            _storage.Delete(StateStore.RecordA);
            _storage.Delete(StateStore.RecordB);
            _storage.Write(SlotName(0), 0, image, 0, image.Length);
            fresh.ActiveSlot = 0;
            fresh.Active.Major = major;
            fresh.Active.Minor = minor;
            fresh.Active.Patch = patch;
            fresh.Active.SecurityCounter = initialCounter;
            fresh.Active.Size = image.Length;
            byte[] digest = Sha256.Hash(image, 0, image.Length);
            Array.Copy(digest, fresh.Active.Digest, Sha256.HashSize);
            fresh.SecurityFloor = initialCounter;
            fresh.LastResult = (int)UpdateResult.Accepted;
            _device.CopyFrom(device);
            _store.Save(_codec);
            _loaded = true;
        }

        /// <summary>
        /// Boots: loads the state and carries out what it says. A pending staged image gets its
        /// test boot and health check (confirmed on success, reverted on failure); an image found
        /// still on trial after a reset is reverted. Returns false when the device has no valid
        /// state or no valid image (fault). Records the confirmation or revert, then one
        /// <see cref="SecurityEventCode.Boot"/> with the slot booted (-1 on a fault).
        /// </summary>
        public bool PowerOn()
        {
            bool booted = Boot();
            _events.Record(SecurityEventCode.Boot, BootedSlot);
            return booted;
        }

        private bool Boot()
        {
            BootedSlot = -1;
            _loaded = _store.Load(_codec);
            if (!_loaded)
            {
                _indicator.Show(IndicatorState.Fault);
                return false;
            }

            _state.BootCount++;
            if (_state.Phase == UpdatePhase.Trial)
            {
                // Reset during the test boot without a confirmation: revert.
                _state.Phase = UpdatePhase.None;
                _state.LastResult = (int)UpdateResult.HealthCheckFailed;
                _store.Save(_codec);
                _events.Record(SecurityEventCode.UpdateReverted, _state.Pending.SecurityCounter);
                _indicator.Show(IndicatorState.Attention);
            }
            else if (_state.Phase == UpdatePhase.Staged)
            {
                _state.Phase = UpdatePhase.Trial;
                _store.Save(_codec);
                return TestBoot();
            }
            else
            {
                _store.Save(_codec);
            }

            return BootActive();
        }

        /// <summary>
        /// Claims this boot for telemetry and returns its boot counter: the device's boot counter
        /// (<see cref="UpdateState.BootCount"/>, raised by <see cref="PowerOn"/>), recorded as
        /// <see cref="DeviceState.TelemetryBootCounter"/> in the state record's counters section and saved before it
        /// returns. A second claim within one boot (a device agent restarted without a reset) raises the boot counter
        /// first, so no two telemetry epochs ever share a boot counter; the per-boot sequence then starts at 0 again.
        /// </summary>
        /// <remarks>One state-record write. A power cut during it leaves the previous record, and the next claim
        /// starts over; nothing was sent under the new counter yet.</remarks>
        /// <exception cref="InvalidOperationException">The state is not loaded (call <see cref="PowerOn"/>), or the boot counter is exhausted.</exception>
        public long BeginTelemetryBoot()
        {
            RequireLoaded();
            if (_device.TelemetryBootCounter >= _state.BootCount)
            {
                if (_device.TelemetryBootCounter >= int.MaxValue)
                {
                    throw new InvalidOperationException("The boot counter is exhausted");
                }

                _state.BootCount = (int)_device.TelemetryBootCounter + 1;
            }

            _device.TelemetryBootCounter = _state.BootCount;
            _device.TelemetrySequence = 0;
            _store.Save(_codec);
            return _device.TelemetryBootCounter;
        }

        /// <summary>
        /// Full verification of a package, payload included, without staging or any state change.
        /// Records the verdict (<see cref="SecurityEventCode.UpdateVerified"/> or
        /// <see cref="SecurityEventCode.UpdateRejected"/>); a transport failure
        /// (<see cref="UpdateResult.SourceUnavailable"/>) is no verdict and records nothing.
        /// </summary>
        public UpdateResult Verify(IPackageSource source, VerificationReport report)
        {
            RequireLoaded();
            UpdateResult result = PackageVerifier.VerifyMetadata(source, _trust, Rules(), report);
            if (result == UpdateResult.Accepted)
            {
                int streamed;
                result = StreamPayload(source, report, null, 0, out streamed);
                report.Result = result;
            }

            if (result == UpdateResult.Accepted)
            {
                _events.Record(SecurityEventCode.UpdateVerified, report.Manifest.Image.SecurityCounter);
            }
            else if (result != UpdateResult.SourceUnavailable)
            {
                _events.Record(SecurityEventCode.UpdateRejected, (int)result);
            }

            return result;
        }

        /// <summary>
        /// Verifies the package, stages its payload into the inactive slot (resuming an interrupted
        /// staging of the same package), records it pending, selects it for the next boot and asks
        /// the installer to reboot. The floor is not raised here: only a confirmed test boot does.
        /// </summary>
        /// <remarks>
        /// When the source reports a transport failure (<see cref="PackageRead.Unavailable"/>) the
        /// result is <see cref="UpdateResult.SourceUnavailable"/>: during the manifest nothing
        /// changes; during the payload the phase stays Staging and the bytes already written become
        /// the resume point (one state write, only when it advanced). Only a verdict on the package
        /// (a rejection or acceptance) ends a pending staging.
        /// </remarks>
        public UpdateResult Install(IPackageSource source, VerificationReport report)
        {
            RequireLoaded();
            if (_state.Phase == UpdatePhase.Staged || _state.Phase == UpdatePhase.Trial)
            {
                _events.Record(SecurityEventCode.UpdateRejected, (int)UpdateResult.UpdatePending);
                return UpdateResult.UpdatePending;
            }

            UpdateResult result = PackageVerifier.VerifyMetadata(source, _trust, Rules(), report);
            if (result != UpdateResult.Accepted)
            {
                // Not persisted: unauthenticated input must not be able to make the device write
                // flash (wear, power-loss exposure). A pending staging stays as it is.
                _state.LastResult = (int)result;
                _indicator.Show(IndicatorState.Attention);
                if (result != UpdateResult.SourceUnavailable)
                {
                    _events.Record(SecurityEventCode.UpdateRejected, (int)result);
                }

                return result;
            }

            Manifest manifest = report.Manifest;
            int slot = 1 - _state.ActiveSlot;
            string slotName = SlotName(slot);
            int resumeFrom = 0;
            if (_state.Phase == UpdatePhase.Staging && _state.PendingSlot == slot && SameImage(_state.Pending, manifest.Image))
            {
                resumeFrom = _state.StagedBytes;
                _events.Record(SecurityEventCode.StagingResumed, resumeFrom);
            }
            else
            {
                _state.Phase = UpdatePhase.Staging;
                _state.PendingSlot = slot;
                _state.Pending.CopyFrom(manifest.Image);
                _state.StagedBytes = 0;
                _store.Save(_codec);
            }

            if (resumeFrom == 0)
            {
                // Nothing of this image is staged yet: erase the slot, so that no byte of an earlier
                // (possibly longer) image is left behind the new one. The inactive slot holds
                // nothing the device needs.
                _storage.Delete(slotName);
            }

            _indicator.Show(IndicatorState.Updating);
            int staged;
            result = StreamPayload(source, report, slotName, resumeFrom, out staged);
            if (result == UpdateResult.SourceUnavailable)
            {
                // Not a verdict: keep the staging, and make what reached flash the resume point.
                _state.LastResult = (int)result;
                if (staged > _state.StagedBytes)
                {
                    _state.StagedBytes = staged;
                    _store.Save(_codec);
                }

                report.Result = result;
                _indicator.Show(IndicatorState.Attention);
                _events.Record(SecurityEventCode.StagingInterrupted, _state.StagedBytes);
                return result;
            }

            if (result != UpdateResult.Accepted)
            {
                ClearPending();
                RecordResult(result);
                report.Result = result;
                _indicator.Show(IndicatorState.Attention);
                _events.Record(SecurityEventCode.UpdateRejected, (int)result);
                return result;
            }

            _events.Record(SecurityEventCode.UpdateVerified, manifest.Image.SecurityCounter);

            // Verified and staged: adopt the trust updates it carried (root-signed, monotonic),
            // and mark the image for its test boot.
            bool rootRotated = report.NewRoot.Sequence != _trust.Root.Sequence;
            bool revocationStored = report.HasNewerRevocation;
            _trust.Root.CopyFrom(report.NewRoot);
            if (revocationStored)
            {
                report.Revocation.CopyTo(_trust);
            }

            _state.Phase = UpdatePhase.Staged;
            _state.StagedBytes = manifest.Image.Size;
            _state.LastResult = (int)UpdateResult.Accepted;
            _store.Save(_codec);
            if (rootRotated)
            {
                _events.Record(SecurityEventCode.RootRotated, _trust.Root.Sequence);
            }

            if (revocationStored)
            {
                _events.Record(SecurityEventCode.RevocationListUpdated, _trust.RevocationVersion);
            }

            _events.Record(SecurityEventCode.UpdateStaged, manifest.Image.SecurityCounter);
            _installer.SelectBootSlot(slot);
            _installer.Reboot();
            return UpdateResult.Accepted;
        }

        private bool TestBoot()
        {
            int slot = _state.PendingSlot;
            long counter = _state.Pending.SecurityCounter;
            bool healthy = false;
            _indicator.Show(IndicatorState.Testing);
            if (SlotDigestMatches(slot, _state.Pending))
            {
                BootedSlot = slot;
                _installer.SelectBootSlot(slot);
                try
                {
                    healthy = _healthCheck.Check(slot, _state.Pending.Size);
                }
                catch (Exception)
                {
                    healthy = false;
                }
            }

            if (healthy)
            {
                _state.ActiveSlot = slot;
                _state.Active.CopyFrom(_state.Pending);
                bool floorRaised = counter > _state.SecurityFloor;
                if (floorRaised)
                {
                    _state.SecurityFloor = counter;
                }

                ClearPending();
                _state.LastResult = (int)UpdateResult.Accepted;
                _store.Save(_codec);
                _events.Record(SecurityEventCode.UpdateConfirmed, counter);
                if (floorRaised)
                {
                    _events.Record(SecurityEventCode.SecurityCounterRaised, _state.SecurityFloor);
                }

                _indicator.Show(IndicatorState.Idle);
                return true;
            }

            // Revert: record it first, then boot the confirmed image.
            ClearPending();
            _state.LastResult = (int)UpdateResult.HealthCheckFailed;
            _store.Save(_codec);
            _events.Record(SecurityEventCode.UpdateReverted, counter);
            _indicator.Show(IndicatorState.Attention);
            return BootActive();
        }

        private bool BootActive()
        {
            if (!SlotDigestMatches(_state.ActiveSlot, _state.Active))
            {
                BootedSlot = -1;
                _indicator.Show(IndicatorState.Fault);
                return false;
            }

            BootedSlot = _state.ActiveSlot;
            _installer.SelectBootSlot(_state.ActiveSlot);
            if (_state.Phase == UpdatePhase.None && _state.LastResult == (int)UpdateResult.Accepted)
            {
                _indicator.Show(IndicatorState.Idle);
            }

            return true;
        }

        /// <summary>
        /// Hashes the payload from <paramref name="resumeFrom"/> on (and stages it when
        /// <paramref name="slotName"/> is set); <paramref name="done"/> is the payload bytes hashed
        /// (and written) when it returns, also on a failure.
        /// </summary>
        private UpdateResult StreamPayload(IPackageSource source, VerificationReport report, string slotName, int resumeFrom, out int done)
        {
            int size = report.Manifest.Image.Size;
            byte[] block = Block();
            int blockSize = block.Length;
            done = 0;

            // Resuming: the bytes already staged go through the hash again, read back from flash.
            if (!HashStored(slotName, resumeFrom))
            {
                return UpdateResult.StorageFailure;
            }

            done = resumeFrom;
            long position = report.PayloadOffset + done;
            int blocksSinceCheckpoint = 0;
            while (done < size)
            {
                int want = size - done < blockSize ? size - done : blockSize;
                int got = PackageVerifier.ReadFully(source, position, block, want);
                if (got < 0)
                {
                    return UpdateResult.SourceUnavailable;
                }

                if (got != want)
                {
                    return UpdateResult.Truncated;
                }

                WorkYield.Point();
                _sha.Update(block, 0, got);
                if (slotName != null)
                {
                    _storage.Write(slotName, done, block, 0, got);
                }

                done += got;
                position += got;
                blocksSinceCheckpoint++;
                PayloadProgressHandler progress = PayloadProgress;
                if (progress != null)
                {
                    progress(done, size);
                }

                if (slotName != null && blocksSinceCheckpoint >= _options.CheckpointEveryBlocks && done < size)
                {
                    _state.StagedBytes = done;
                    _store.Save(_codec);
                    blocksSinceCheckpoint = 0;
                }
            }

            // Endless data: nothing may follow the declared payload. A failed probe proves nothing
            // either way (fail closed: no verdict yet).
            int probe = source.Read(position, block, 0, 1);
            if (probe < 0)
            {
                return UpdateResult.SourceUnavailable;
            }

            if (probe > 0)
            {
                return UpdateResult.TrailingData;
            }

            _sha.Finish(_digest, 0);
            if (!ConstantTime.AreEqual(_digest, 0, report.Manifest.Image.Digest, 0, Sha256.HashSize))
            {
                return UpdateResult.DigestMismatch;
            }

            return UpdateResult.Accepted;
        }

        private bool SlotDigestMatches(int slot, ImageInfo image)
        {
            string name = SlotName(slot);
            if (_storage.GetLength(name) < image.Size || !HashStored(name, image.Size))
            {
                return false;
            }

            _sha.Finish(_digest, 0);
            return ConstantTime.AreEqual(_digest, 0, image.Digest, 0, Sha256.HashSize);
        }

        /// <summary>Restarts the hash over the first <paramref name="length"/> bytes of a stored blob; false when flash returns fewer.</summary>
        private bool HashStored(string name, int length)
        {
            byte[] block = Block();
            _sha.Reset();
            int done = 0;
            while (done < length)
            {
                int want = length - done < block.Length ? length - done : block.Length;
                WorkYield.Point();
                int got = _storage.Read(name, done, block, 0, want);
                if (got != want)
                {
                    return false;
                }

                _sha.Update(block, 0, got);
                done += got;
            }

            return true;
        }

        /// <summary>The staging block buffer, allocated once.</summary>
        private byte[] Block()
        {
            if (_block == null || _block.Length != _options.BlockSize)
            {
                _block = new byte[_options.BlockSize];
            }

            return _block;
        }

        private void ClearPending()
        {
            _state.Phase = UpdatePhase.None;
            _state.Pending.Clear();
            _state.StagedBytes = 0;
        }

        private static bool SameImage(ImageInfo a, ImageInfo b)
        {
            return a.Size == b.Size && a.SecurityCounter == b.SecurityCounter && ConstantTime.AreEqual(a.Digest, 0, b.Digest, 0, Sha256.HashSize);
        }

        private void RecordResult(UpdateResult result)
        {
            _state.LastResult = (int)result;
            _store.Save(_codec);
        }

        /// <summary>This device's rules now: its identity, security floor, slot capacity and clock.</summary>
        private DeviceRules Rules()
        {
            _rules.SetIdentity(_trust.VendorIdBytes, _trust.DeviceClassBytes);
            _rules.SecurityFloor = _state.SecurityFloor;
            _rules.SlotCapacity = _installer.SlotCapacity;
            _rules.UseClock(_clock);
            return _rules;
        }

        private void RequireLoaded()
        {
            if (!_loaded)
            {
                throw new InvalidOperationException("The device has no valid state: provision it or power it on first");
            }
        }
    }
}
