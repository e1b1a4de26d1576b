using Archive.Cli.Commands;

return ArchiveCommandLine.Create().Parse(args).Invoke();
