@echo off
rem The kit's command line on Windows: builds the CLI if needed (Release, incremental) and runs it with your arguments.
dotnet run --project "%~dp0src\CorrectNet.Cli" -c Release -v quiet -- %*
