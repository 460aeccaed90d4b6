// A program that does not use the goroutines runtime: the inspector has nothing to ask it.
setInterval(() => {}, 1000);
