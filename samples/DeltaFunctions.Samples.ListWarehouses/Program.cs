Console.WriteLine("DeltaFunctions sample: the client library is not wired yet.");
