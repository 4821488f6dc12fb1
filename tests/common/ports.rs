//! A loopback port that stays dead for a whole test.

use tokio::net::TcpSocket;

/// A loopback port nothing listens on, reserved while the returned socket lives: the socket
/// is bound but never listens, so connections to the port are refused, and no other server of
/// the test run (port 0 picks) can take the port meanwhile. (Binding a listener and dropping
/// it frees the port for the next server that asks for one, which then answers.)
pub fn dead_port() -> (TcpSocket, u16) {
    let socket = TcpSocket::new_v4().expect("a socket");
    socket
        .bind("127.0.0.1:0".parse().unwrap())
        .expect("a loopback port");
    let port = socket.local_addr().expect("its address").port();
    (socket, port)
}
