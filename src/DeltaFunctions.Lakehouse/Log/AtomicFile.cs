using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Publishes a fully written temporary file under its final name only if that name is still free, atomically.
/// This is the mutual exclusion Delta's optimistic concurrency rests on: of two writers racing for commit N,
/// exactly one may create <c>N.json</c>.
/// </summary>
/// <remarks>
/// <see cref="File.Move(string, string, bool)"/> with <c>overwrite: false</c> is not enough on Unix: .NET checks
/// that the target is absent and then calls <c>rename(2)</c>, which replaces an existing file, so a writer that
/// loses the race between the check and the rename silently overwrites the winner's commit. <c>link(2)</c> fails
/// with <c>EEXIST</c> instead, and the file it publishes is complete from the first instant a reader can see
/// it. Windows' move without replace is already atomic. Public because the emulator's Files API publishes
/// uploads into the lakehouse's volumes with the same guarantee.
/// </remarks>
public static partial class AtomicFile
{
    private const int EExist = 17;

    /// <summary>Publishes <paramref name="tempPath"/> as <paramref name="targetPath"/> unless the target exists.</summary>
    /// <param name="tempPath">A complete file in the same folder as the target.</param>
    /// <param name="targetPath">The final name.</param>
    /// <returns><see langword="true"/> when this call created the target; <see langword="false"/> when it existed.</returns>
    /// <exception cref="IOException">The file system refused for another reason.</exception>
    public static bool TryPublish(string tempPath, string targetPath)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(tempPath, targetPath, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(targetPath))
            {
                File.Delete(tempPath);
                return false;
            }
        }

        if (Link(tempPath, targetPath) == 0)
        {
            File.Delete(tempPath);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        File.Delete(tempPath);
        if (errno == EExist)
        {
            return false;
        }

        throw new IOException(
            $"Could not publish the commit file '{targetPath}': {new Win32Exception(errno).Message} (errno {errno}). "
            + "The data directory must be on a file system that supports hard links.");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
