using System;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>What the device records about an image in a slot: version, security counter, size and SHA-256.</summary>
    /// <remarks>RAM: 60 bytes of fields plus the 32-byte digest array.</remarks>
    public sealed class ImageInfo
    {
        /// <summary>Creates an empty record (size 0, all-zero digest).</summary>
        public ImageInfo()
        {
            Digest = new byte[32];
        }

        /// <summary>Major version.</summary>
        public int Major { get; set; }

        /// <summary>Minor version.</summary>
        public int Minor { get; set; }

        /// <summary>Patch version.</summary>
        public int Patch { get; set; }

        /// <summary>Security counter the image was signed with.</summary>
        public long SecurityCounter { get; set; }

        /// <summary>Image size in bytes.</summary>
        public int Size { get; set; }

        /// <summary>SHA-256 of the image (32 bytes).</summary>
        public byte[] Digest { get; private set; }

        /// <summary>The version as "major.minor.patch".</summary>
        public string VersionText
        {
            get { return Major.ToString() + "." + Minor.ToString() + "." + Patch.ToString(); }
        }

        /// <summary>Copies every field from <paramref name="other"/>.</summary>
        public void CopyFrom(ImageInfo other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            Major = other.Major;
            Minor = other.Minor;
            Patch = other.Patch;
            SecurityCounter = other.SecurityCounter;
            Size = other.Size;
            Array.Copy(other.Digest, Digest, 32);
        }

        /// <summary>Resets every field to zero.</summary>
        public void Clear()
        {
            Major = 0;
            Minor = 0;
            Patch = 0;
            SecurityCounter = 0;
            Size = 0;
            Array.Clear(Digest, 0, 32);
        }
    }
}
