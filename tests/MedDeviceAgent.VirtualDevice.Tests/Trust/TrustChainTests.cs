using System;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Trust
{
    /// <summary>The trust policy on its own: envelopes forged per case, checked against a trust state for a required role.</summary>
    public class TrustChainTests
    {
        private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        private readonly TestKey _root = TestKey.Create(CoseAlgorithm.EdDSA);
        private readonly TestKey _signer = TestKey.Create(CoseAlgorithm.EdDSA);

        [Theory]
        [InlineData(KeyRole.UpdateSigner)]
        [InlineData(KeyRole.CommandSigner)]
        public void Check_DelegatedForTheRequiredRole_Trusted(KeyRole role)
        {
            PackageForge forge = Forge();
            forge.Role = role;
            TrustChain chain = new TrustChain();

            Assert.Equal(TrustVerdict.Trusted, chain.Check(Envelope(forge), Trust(), role, true, Now));

            Assert.Equal(TrustVerdict.Trusted, chain.Verdict);
            Assert.Equal(role, chain.Delegation.Role);
            Assert.Equal(0, chain.RotationsApplied);
            Assert.False(chain.TimeChecksSkipped);
        }

        [Theory]
        [InlineData(KeyRole.UpdateSigner, KeyRole.CommandSigner)]
        [InlineData(KeyRole.CommandSigner, KeyRole.UpdateSigner)]
        public void Check_DelegatedForAnotherRole_WrongKeyRole(KeyRole delegated, KeyRole required)
        {
            PackageForge forge = Forge();
            forge.Role = delegated;

            Assert.Equal(TrustVerdict.WrongKeyRole, new TrustChain().Check(Envelope(forge), Trust(), required, true, Now));
        }

        [Fact]
        public void Check_RequiredRoleNone_Throws()
        {
            Assert.Throws<ArgumentException>(() => new TrustChain().Check(Envelope(Forge()), Trust(), KeyRole.None, true, Now));
        }

        [Fact]
        public void Check_EachBrokenLink_ReturnsItsVerdict()
        {
            TestKey other = TestKey.Create(CoseAlgorithm.EdDSA);
            Assert.Equal(TrustVerdict.MissingDelegation, Verdict(f => f.IncludeDelegation = false));
            Assert.Equal(TrustVerdict.InvalidDelegation, Verdict(f => f.DelegationSigner = other));
            Assert.Equal(TrustVerdict.DelegationExpired, Verdict(f => f.NotAfter = Now - 1));
            Assert.Equal(TrustVerdict.DelegationNotYetValid, Verdict(f => f.NotBefore = Now + 60));
            Assert.Equal(TrustVerdict.KeyIdMismatch, Verdict(f => f.EnvelopeKeyId = other.KeyId));
            Assert.Equal(TrustVerdict.InvalidRevocationList, Verdict(f => f.RevocationSigner = other));
            Assert.Equal(TrustVerdict.KeyRevoked, Verdict(f => { f.RevocationListVersion = 2; f.Revoked.Add(_signer.KeyId); }));
            Assert.Equal(TrustVerdict.InvalidRootChain, Verdict(f => f.Rotations.Add(PackageForge.Rotation(other, other, 2))));
        }

        [Fact]
        public void Check_SignedByAnotherKeyThanDelegated_BadSignature()
        {
            PackageForge forge = Forge();
            forge.Signer = TestKey.Create(CoseAlgorithm.EdDSA);
            byte[] delegation = Forge().Delegation();

            // The envelope names the delegated key but is signed by another one.
            System.Formats.Cbor.CborWriter unprotected = new System.Formats.Cbor.CborWriter(System.Formats.Cbor.CborConformanceMode.Lax);
            unprotected.WriteStartMap(1);
            unprotected.WriteInt32(CoseHeaderLabels.Delegation);
            unprotected.WriteByteString(delegation);
            unprotected.WriteEndMap();
            byte[] envelope = PackageForge.Sign1(forge.Signer, _signer.KeyId, unprotected.Encode(), forge.Manifest());

            Assert.Equal(TrustVerdict.BadSignature, new TrustChain().Check(Parse(envelope), Trust(), KeyRole.UpdateSigner, true, Now));
        }

        [Fact]
        public void Check_WithoutTrustedTime_SkipsTheWindowAndSaysSo()
        {
            PackageForge forge = Forge();
            forge.NotAfter = Now - 1;
            TrustChain chain = new TrustChain();

            Assert.Equal(TrustVerdict.Trusted, chain.Check(Envelope(forge), Trust(), KeyRole.UpdateSigner, false, 0));
            Assert.True(chain.TimeChecksSkipped);
        }

        [Fact]
        public void Check_CarriedRotation_AdvancesItsRootButNotTheTrustState()
        {
            TestKey root2 = TestKey.Create(CoseAlgorithm.ES256);
            PackageForge forge = Forge();
            forge.DelegationSigner = root2;
            forge.RevocationSigner = root2;
            forge.Rotations.Add(PackageForge.Rotation(_root, root2, 2));
            TrustState trust = Trust();
            TrustChain chain = new TrustChain();

            Assert.Equal(TrustVerdict.Trusted, chain.Check(Envelope(forge), trust, KeyRole.UpdateSigner, true, Now));

            Assert.Equal(1, chain.RotationsApplied);
            Assert.Equal(2, chain.Root.Sequence);
            Assert.Equal(root2.KeyId, chain.Root.KeyId);
            Assert.Equal(1, trust.Root.Sequence);
            Assert.Equal(_root.KeyId, trust.Root.KeyId);
        }

        [Fact]
        public void CheckRevocationVersion_NewerThanInForce_OutdatedElseTrusted()
        {
            PackageForge forge = Forge();
            forge.RevocationListVersion = 3;
            TrustChain chain = new TrustChain();
            Assert.Equal(TrustVerdict.Trusted, chain.Check(Envelope(forge), Trust(), KeyRole.UpdateSigner, true, Now));
            Assert.True(chain.HasNewerRevocation);
            Assert.Equal(3, chain.EffectiveRevocationVersion);

            Assert.Equal(TrustVerdict.Trusted, chain.CheckRevocationVersion(3));
            Assert.Equal(TrustVerdict.RevocationListOutdated, chain.CheckRevocationVersion(4));
            Assert.Equal(TrustVerdict.RevocationListOutdated, chain.Verdict);
        }

        [Fact]
        public void CheckRevocationVersion_AfterAFailedCheck_KeepsTheFailure()
        {
            PackageForge forge = Forge();
            forge.IncludeDelegation = false;
            TrustChain chain = new TrustChain();
            chain.Check(Envelope(forge), Trust(), KeyRole.UpdateSigner, true, Now);

            Assert.Equal(TrustVerdict.MissingDelegation, chain.CheckRevocationVersion(0));
        }

        [Fact]
        public void NewChain_VerdictIsNotVerified()
        {
            Assert.Equal(TrustVerdict.NotVerified, new TrustChain().Verdict);
        }

        [Theory]
        [InlineData(TrustVerdict.Trusted, UpdateResult.Accepted)]
        [InlineData(TrustVerdict.NotVerified, UpdateResult.NotVerified)]
        [InlineData(TrustVerdict.InvalidRootChain, UpdateResult.InvalidRootChain)]
        [InlineData(TrustVerdict.MissingDelegation, UpdateResult.MissingDelegation)]
        [InlineData(TrustVerdict.InvalidDelegation, UpdateResult.InvalidDelegation)]
        [InlineData(TrustVerdict.WrongKeyRole, UpdateResult.WrongKeyRole)]
        [InlineData(TrustVerdict.DelegationNotYetValid, UpdateResult.DelegationNotYetValid)]
        [InlineData(TrustVerdict.DelegationExpired, UpdateResult.DelegationExpired)]
        [InlineData(TrustVerdict.KeyIdMismatch, UpdateResult.KeyIdMismatch)]
        [InlineData(TrustVerdict.InvalidRevocationList, UpdateResult.InvalidRevocationList)]
        [InlineData(TrustVerdict.RevocationListOutdated, UpdateResult.RevocationListOutdated)]
        [InlineData(TrustVerdict.KeyRevoked, UpdateResult.KeyRevoked)]
        [InlineData(TrustVerdict.BadSignature, UpdateResult.BadSignature)]
        [InlineData((TrustVerdict)99, UpdateResult.NotVerified)]
        public void FromTrust_EachVerdict_MapsOntoItsUpdateResult(TrustVerdict verdict, UpdateResult expected)
        {
            Assert.Equal(expected, UpdateResultMapping.FromTrust(verdict));
        }

        [Fact]
        public void FromTrust_EveryFailure_MapsIntoTheTrustRangeOfUpdateResult()
        {
            foreach (TrustVerdict verdict in Enum.GetValues<TrustVerdict>())
            {
                int code = (int)UpdateResultMapping.FromTrust(verdict);
                if (verdict == TrustVerdict.Trusted)
                {
                    Assert.Equal(0, code);
                }
                else if (verdict != TrustVerdict.NotVerified)
                {
                    Assert.InRange(code, 20, 30);
                }
            }
        }

        [Theory]
        [InlineData(CoseError.None, UpdateResult.InvalidCose, UpdateResult.Accepted)]
        [InlineData(CoseError.MalformedCbor, UpdateResult.InvalidCose, UpdateResult.MalformedCbor)]
        [InlineData(CoseError.InvalidStructure, UpdateResult.InvalidCose, UpdateResult.InvalidCose)]
        [InlineData(CoseError.InvalidStructure, UpdateResult.InvalidManifest, UpdateResult.InvalidManifest)]
        [InlineData(CoseError.UnsupportedAlgorithm, UpdateResult.InvalidCose, UpdateResult.UnsupportedAlgorithm)]
        [InlineData((CoseError)99, UpdateResult.InvalidCose, UpdateResult.NotVerified)]
        public void FromCose_EachError_MapsOntoItsUpdateResult(CoseError error, UpdateResult invalidStructure, UpdateResult expected)
        {
            Assert.Equal(expected, UpdateResultMapping.FromCose(error, invalidStructure));
        }

        private TrustVerdict Verdict(Action<PackageForge> spoil)
        {
            PackageForge forge = Forge();
            spoil(forge);
            return new TrustChain().Check(Envelope(forge), Trust(), KeyRole.UpdateSigner, true, Now);
        }

        private PackageForge Forge() => new PackageForge(_root, _signer);

        private TrustState Trust()
        {
            TrustState trust = new TrustState();
            trust.SetIdentity(TestDevice.Vendor, TestDevice.DeviceClass, "dev-trust");
            trust.Root.Set(1, _root.Algorithm, _root.RawPublicKey, 0, _root.RawPublicKey.Length);
            return trust;
        }

        /// <summary>The envelope of a forged package, parsed.</summary>
        private static CoseSign1 Envelope(PackageForge forge)
        {
            byte[] package = forge.Build();
            int length = (package[6] << 8) | package[7];
            return Parse(package.AsSpan(PackageFormat.HeaderSize, length).ToArray());
        }

        private static CoseSign1 Parse(byte[] envelope)
        {
            CoseSign1 cose = new CoseSign1();
            Assert.Equal(CoseError.None, cose.Parse(envelope, 0, envelope.Length, false));
            return cose;
        }
    }
}
