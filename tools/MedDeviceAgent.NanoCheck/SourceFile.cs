namespace MedDeviceAgent.NanoCheck
{
    /// <summary>A C# source to check: its path (used in messages) and its text.</summary>
    public sealed class SourceFile
    {
        /// <summary>Creates a source.</summary>
        public SourceFile(string path, string text)
        {
            Path = path;
            Text = text;
        }

        /// <summary>The path reported in violations.</summary>
        public string Path { get; }

        /// <summary>The C# text.</summary>
        public string Text { get; }
    }
}
