using System;
using System.Globalization;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>One reason the checked sources would not bind (or would bind differently) on nanoFramework 1.x.</summary>
    public sealed class Violation : IComparable<Violation>
    {
        /// <summary>The diagnostic code every violation carries.</summary>
        public const string Code = "NANO001";

        /// <summary>Creates a violation at a 1-based line and column.</summary>
        public Violation(string path, int line, int column, string message)
        {
            Path = path;
            Line = line;
            Column = column;
            Message = message;
        }

        /// <summary>The source file (as given to the check).</summary>
        public string Path { get; }

        /// <summary>1-based line.</summary>
        public int Line { get; }

        /// <summary>1-based column.</summary>
        public int Column { get; }

        /// <summary>What is missing or not supported, named.</summary>
        public string Message { get; }

        /// <summary>The MSBuild canonical error line: <c>path(line,col): error NANO001: message</c>.</summary>
        public override string ToString()
        {
            return string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): error {3}: {4}", Path, Line, Column, Code, Message);
        }

        /// <inheritdoc />
        public int CompareTo(Violation? other)
        {
            if (other is null)
            {
                return 1;
            }

            int byPath = string.CompareOrdinal(Path, other.Path);
            if (byPath != 0)
            {
                return byPath;
            }

            int byLine = Line.CompareTo(other.Line);
            if (byLine != 0)
            {
                return byLine;
            }

            int byColumn = Column.CompareTo(other.Column);
            return byColumn != 0 ? byColumn : string.CompareOrdinal(Message, other.Message);
        }
    }
}
